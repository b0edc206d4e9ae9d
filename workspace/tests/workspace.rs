//! The workspace crate's one integration-test binary: the schema migrated
//! from nothing and from the previous version, writes from several users
//! at once, what survives a reopening, another process's changes seen by an
//! open workspace, and export and import.

use std::path::Path;
use std::sync::Arc;

use fouille_search::marks::{Marks, doc_id};
use fouille_workspace::migrate::{self, VERSION, migrate_to};
use fouille_workspace::{Error, Workspace};
use rusqlite::Connection;

fn key(n: u128) -> u128 {
    0xabcd_0000_0000_0000_0000_0000_0000_0000 + n
}

fn id(n: u128) -> String {
    doc_id(key(n))
}

fn tables(path: &Path) -> Vec<String> {
    let connection = Connection::open(path).unwrap();
    let mut statement = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap()
}

#[test]
fn a_new_file_gets_the_whole_schema_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    drop(Workspace::open(&path).unwrap());
    assert_eq!(
        tables(&path),
        ["audit", "batches", "notes", "searches", "stars", "tags"]
    );
    let connection = Connection::open(&path).unwrap();
    assert_eq!(migrate::version(&connection).unwrap(), VERSION);
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_version_1_workspace_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    {
        let mut connection = Connection::open(&path).unwrap();
        migrate_to(&mut connection, 1).unwrap();
        assert_eq!(tables(&path), ["audit", "notes", "stars", "tags"]);
        connection
            .execute_batch(&format!(
                "INSERT INTO tags VALUES ('suspect', '{a}', 'alice', '2026-01-02T00:00:00.000Z');
                 INSERT INTO stars VALUES ('bob', '{a}', '2026-01-02T00:00:00.000Z');
                 INSERT INTO notes (message, author, text, private, created, updated)
                 VALUES ('{b}', 'alice', 'Les élections', 0, '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z');",
                a = id(1),
                b = id(2)
            ))
            .unwrap();
    }
    let workspace = Workspace::open(&path).unwrap();
    assert_eq!(
        migrate::version(&Connection::open(&path).unwrap()).unwrap(),
        VERSION
    );
    assert_eq!(*workspace.tagged("suspect").keys, [key(1)]);
    assert_eq!(workspace.starred(Some("bob")).keys.len(), 1);
    assert_eq!(workspace.noted(Some("carol"), "election").keys.len(), 1);
    // The tables of version 2 work on the migrated file.
    let saved = workspace.save_search("alice", "suivi", "q=x", &[]).unwrap();
    assert_eq!(workspace.searches("alice").unwrap(), [saved]);
}

#[test]
fn a_newer_schema_is_refused_and_a_read_only_open_does_not_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    {
        let mut connection = Connection::open(&path).unwrap();
        migrate_to(&mut connection, 1).unwrap();
    }
    let error = Workspace::open_read_only(&path).err().unwrap().to_string();
    assert!(
        error
            .ends_with("has schema version 1; open it once writable (fouille serve) to migrate it"),
        "{error}"
    );
    assert_eq!(tables(&path), ["audit", "notes", "stars", "tags"]);
    assert!(
        Workspace::open_read_only(&dir.path().join("none.sqlite"))
            .unwrap()
            .is_none()
    );
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        Workspace::open(&path),
        Err(Error::TooNew {
            found: 99,
            known: VERSION
        })
    ));
}

#[test]
fn users_writing_at_once_lose_nothing_and_a_reopened_file_has_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    let workspace = Workspace::open(&path).unwrap();
    let users = ["alice", "bob", "carol", "dan"];
    std::thread::scope(|scope| {
        for (n, user) in users.iter().enumerate() {
            let workspace = workspace.clone();
            scope.spawn(move || {
                for doc in 0..50u128 {
                    workspace.tag(user, &id(doc), "partagé").unwrap();
                    workspace.tag(user, &id(doc), &format!("tag {n}")).unwrap();
                    workspace
                        .star(user, &id(doc + n as u128 * 100), true)
                        .unwrap();
                    if doc % 10 == 0 {
                        workspace
                            .add_note(user, &id(doc), &format!("note de {user}"), n % 2 == 0)
                            .unwrap();
                    }
                }
            });
        }
    });
    let check = |workspace: &Workspace| {
        assert_eq!(workspace.tagged("partagé").keys.len(), 50);
        for (n, user) in users.iter().enumerate() {
            assert_eq!(workspace.tagged(&format!("tag {n}")).keys.len(), 50);
            let starred = workspace.starred(Some(user));
            assert_eq!(starred.keys.len(), 50);
            assert_eq!(starred.keys[0], key(n as u128 * 100));
        }
        // Alice and Carol wrote private notes: each sees hers and the
        // shared ones of Bob and Dan.
        assert_eq!(workspace.notes_of(Some("alice"), &id(0)).unwrap().len(), 3);
        assert_eq!(workspace.notes_of(None, &id(0)).unwrap().len(), 2);
        assert_eq!(workspace.of(Some("carol"), &id(10)).notes, 3);
        let trail = workspace.audit(&Default::default()).unwrap();
        // A tag already there is not written again, so "partagé" is in
        // the trail 50 times, not 200.
        assert_eq!(trail.len(), 50 + 4 * (50 + 50 + 5));
    };
    check(&workspace);
    drop(workspace);
    check(&Workspace::open(&path).unwrap());
}

#[test]
fn an_open_workspace_sees_what_another_process_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    let server = Arc::new(Workspace::open(&path).unwrap());
    assert!(server.tagged("plus tard").is_empty());
    let other = Workspace::open(&path).unwrap();
    other.tag("desk", &id(7), "plus tard").unwrap();
    // Looked at twice a second at most.
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert_eq!(server.tagged("plus tard").keys.len(), 1);
    assert_eq!(server.tags_of(&id(7)), ["plus tard"]);
}

#[test]
fn an_export_imported_elsewhere_gives_the_same_workspace_and_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = Workspace::open(&dir.path().join("first.sqlite")).unwrap();
    first.tag("alice", &id(1), "à vérifier").unwrap();
    first.star("bob", &id(2), true).unwrap();
    first
        .add_note("alice", &id(1), "Appel au maire le 3 mai", true)
        .unwrap();
    first
        .add_note("bob", &id(2), "Double de la pièce 12", false)
        .unwrap();
    first.save_search("alice", "maire", "q=maire", &[]).unwrap();
    let export = first.export().unwrap();
    assert_eq!(
        (
            export.tags.len(),
            export.stars.len(),
            export.notes.len(),
            export.searches.len(),
            export.audit.len()
        ),
        (1, 1, 2, 1, 5)
    );

    let second = Workspace::open(&dir.path().join("second.sqlite")).unwrap();
    let added = second.import("desk", &export).unwrap();
    assert_eq!(
        (
            added.tags,
            added.stars,
            added.notes,
            added.searches,
            added.audit
        ),
        (1, 1, 2, 1, 5)
    );
    let again = second.import("desk", &export).unwrap();
    assert_eq!(
        (
            again.tags,
            again.stars,
            again.notes,
            again.searches,
            again.audit
        ),
        (0, 0, 0, 0, 0)
    );
    let copy = second.export().unwrap();
    assert_eq!(copy.tags, export.tags);
    assert_eq!(copy.stars, export.stars);
    assert_eq!(copy.notes, export.notes);
    assert_eq!(copy.searches, export.searches);
    // The trail says who imported, twice.
    let imports: Vec<&str> = copy
        .audit
        .iter()
        .map(|entry| entry.action.as_str())
        .filter(|action| *action == "import")
        .collect();
    assert_eq!(imports, ["import", "import"]);
    // Imported saved searches have no snapshot: nothing is new to them yet.
    let imported = second.searches("alice").unwrap();
    assert_eq!(
        second.saved_search("alice", imported[0].id).unwrap().1,
        None
    );
    // The marks are searchable at once.
    assert_eq!(second.tagged("à vérifier").keys.len(), 1);
    assert_eq!(second.noted(Some("alice"), "maires").keys.len(), 1);
    assert!(second.noted(Some("bob"), "maire").is_empty());

    let mut bad = export.clone();
    bad.tags[0].message = "../../etc".into();
    let error = second.import("desk", &bad).unwrap_err().to_string();
    assert_eq!(
        error,
        "the export holds \"../../etc\", which is not a document id"
    );
    let mut bad = export;
    bad.format = "something else".into();
    assert!(second.import("desk", &bad).is_err());
}

#[test]
fn a_note_deleted_meanwhile_is_not_brought_back_by_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::open(&dir.path().join("workspace.sqlite")).unwrap();
    let note = workspace
        .add_note("alice", &id(3), "Témoin joint", false)
        .unwrap();
    workspace.delete_note("alice", note.id).unwrap();
    let edit = fouille_workspace::notes::NoteEdit {
        text: Some("Témoin rappelé".into()),
        private: None,
    };
    assert!(matches!(
        workspace.edit_note("alice", note.id, &edit),
        Err(Error::NotFound(_))
    ));
    assert!(workspace.noted(Some("alice"), "témoin").is_empty());
    assert!(workspace.annotated(Some("alice")).is_empty());
    let other = workspace.add_note("bob", &id(3), "Vu", true).unwrap();
    // Another author's private note is missing, not forbidden.
    assert!(matches!(
        workspace.delete_note("alice", other.id),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn imports_keep_within_the_tag_bound_fold_ids_and_keep_every_trail_entry() {
    use fouille_workspace::transfer::{FORMAT, FORMAT_VERSION, TagRecord, WorkspaceExport};
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::open(&dir.path().join("workspace.sqlite")).unwrap();
    let tag = |n: usize| TagRecord {
        tag: format!("lot {n}"),
        message: id(n as u128).to_uppercase(),
        user: "desk".into(),
        at: "2026-01-01T00:00:00.000Z".into(),
    };
    let entry = |detail: serde_json::Value| fouille_workspace::audit::AuditEntry {
        id: 0,
        at: "2026-01-01T00:00:00.000Z".into(),
        user: "alice".into(),
        action: "note_add".into(),
        target: id(1),
        detail,
    };
    let mut export = WorkspaceExport {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        tags: (0..1_000).map(tag).collect(),
        audit: vec![
            entry(serde_json::json!({ "note": 1 })),
            entry(serde_json::json!({ "note": 2 })),
        ],
        ..WorkspaceExport::default()
    };
    let added = workspace.import("desk", &export).unwrap();
    assert_eq!((added.tags, added.audit), (1_000, 2));
    // Kept as the archive writes ids: lowercase.
    assert_eq!(workspace.tags_of(&id(7)), ["lot 7"]);
    let error = workspace
        .tag("desk", &id(1), "un de trop")
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "the workspace holds 1000 tags already: reuse one, or remove one everywhere first"
    );
    assert!(workspace.tag("desk", &id(1), "lot 2").unwrap());
    export.tags.push(tag(1_000));
    let error = workspace.import("desk", &export).unwrap_err().to_string();
    assert_eq!(
        error,
        "the export holds tags that would make 1001 in the workspace, over 1000"
    );
}
