//! A full disk and a read-only archive, on a small tmpfs mounted in a private
//! user and mount namespace (`unshare -Urm`): root ignores file modes, not a
//! read-only mount, and no real disk has to be filled.

use std::path::Path;
use std::process::Command;

use fouille_schema::Archive;
use fouille_search::ArchiveSearcher;

use crate::support::synthetic_mail;

fn ids(archive: &Path) -> Vec<String> {
    ArchiveSearcher::new(Archive::open(archive).expect("open"))
        .expect("searcher")
        .all_ids()
        .expect("ids")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Runs on a tmpfs at `$MNT`: index `$A`; shrink the tmpfs to what that
/// used plus 128 KiB and index `$B` (the disk fills); copy the archive out;
/// remount read-only, index again and search; remount with room, index `$B`
/// again. Every step's output and exit code goes to `$OUT`.
const SCRIPT: &str = r#"
mount -t tmpfs -o size=64m fouille-test "$MNT" || exit 90
step() { name=$1; shift; "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
step first "$FOUILLE" index --index "$MNT/archive" "$A"
cp -a "$MNT/archive" "$OUT/first"
used=$(du -sk "$MNT" | cut -f1)
mount -o remount,size=$((used + 128))k "$MNT"
step full "$FOUILLE" index --index "$MNT/archive" --commit-every 1000000 "$B"
cp -a "$MNT/archive" "$OUT/after-full"
mount -o remount,ro "$MNT"
step readonly "$FOUILLE" index --index "$MNT/archive" "$B"
step search "$FOUILLE" search --index "$MNT/archive" --json rapport
step stats "$FOUILLE" stats --index "$MNT/archive" --json
mount -o remount,rw,size=256m "$MNT"
step resume "$FOUILLE" index --index "$MNT/archive" "$B"
cp -a "$MNT/archive" "$OUT/resumed"
"#;

#[test]
fn full_disk_and_read_only_archive_keep_the_last_commit() {
    if !Command::new("unshare")
        .args(["-Urm", "true"])
        .status()
        .is_ok_and(|status| status.success())
    {
        eprintln!("skipped: unshare -Urm (user namespaces) is not available");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let a = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/eml");
    let b = dir.path().join("b");
    synthetic_mail(&b, 6000);
    let mnt = dir.path().join("mnt");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&mnt).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new("unshare")
        .args(["-Urm", "sh", "-c", SCRIPT])
        .env("FOUILLE", env!("CARGO_BIN_EXE_fouille"))
        .env("MNT", &mnt)
        .env("OUT", &out)
        .env("A", &a)
        .env("B", &b)
        .status()
        .expect("run unshare");
    assert!(status.success(), "script: {status}");
    let step = |name: &str| {
        (
            read(&out.join(format!("{name}.rc"))).trim().to_string(),
            read(&out.join(format!("{name}.err"))),
        )
    };

    let (rc, err) = step("first");
    assert_eq!(rc, "0", "{err}");
    let committed = ids(&out.join("first"));
    assert!(committed.len() > 10);

    // The disk fills during the second run: a clear error, not a panic, and
    // the archive still holds exactly the first run's messages.
    let (rc, err) = step("full");
    assert_eq!(rc, "1", "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(ids(&out.join("after-full")), committed);

    // Read-only: indexing says so; searching and stats still work.
    let (rc, err) = step("readonly");
    assert_eq!(rc, "1", "{err}");
    assert!(err.contains("Read-only file system"), "{err}");
    let (rc, err) = step("search");
    assert_eq!(rc, "0", "{err}");
    let search: serde_json::Value =
        serde_json::from_str(&read(&out.join("search.out"))).expect("search json");
    assert!(search["total"].as_u64().unwrap() > 0);
    let (rc, err) = step("stats");
    assert_eq!(rc, "0", "{err}");

    // With room again, the run resumes: every message once.
    let (rc, err) = step("resume");
    assert_eq!(rc, "0", "{err}");
    let clean = dir.path().join("clean");
    let output = Command::new(env!("CARGO_BIN_EXE_fouille"))
        .args(["index", "--index"])
        .arg(&clean)
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(ids(&out.join("resumed")), ids(&clean));
}
