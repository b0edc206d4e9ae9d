//! The writer: documents in input order, duplicates merged into the first
//! copy, ledger lines in the commit that holds their file's last message.

use std::rc::Rc;

use super::hold::HeldEmail;
use super::*;

impl WriterState<'_> {
    pub(super) fn handle(
        &mut self,
        done: Done,
        options: &IngestOptions,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<()> {
        match done {
            Done::Item {
                file,
                part,
                source,
                size,
                unread,
                expansion,
            } => {
                self.progress.bytes += size;
                self.tallies.entry(file).or_default().messages += u32::from(matches!(
                    expansion.items.first(),
                    Some(Item::Email(_)) | None
                ));
                if let Some(reason) = unread {
                    self.fail_message(file, part, reason);
                }
                self.write_items(file, part, &source, expansion)?;
                self.messages_seen += 1;
                if self.messages_seen.is_multiple_of(1000) {
                    on_event(&Event::Progress(self.progress.clone()));
                }
            }
            Done::FileEnd {
                file,
                format,
                outcome,
            } => {
                self.progress.files += 1;
                let tally = self.tallies.entry(file).or_default();
                tally.ended = true;
                tally.format = format;
                match outcome {
                    FileOutcome::Read => {}
                    FileOutcome::Declared(count) => tally.declared = Some(count),
                    FileOutcome::Failed(reason) => {
                        self.progress.failed_files += 1;
                        tally.status = Some((FileStatus::Failed, reason));
                    }
                }
                on_event(&Event::Progress(self.progress.clone()));
            }
        }
        // Duplicates left waiting by the last commit do not call for another.
        let work = self.since_commit + self.pending.len() - self.deferred;
        if work >= options.commit_every
            || (work > 0 && self.last_commit.elapsed() >= options.commit_interval)
        {
            on_event(&Event::Committing);
            self.commit()?;
        }
        Ok(())
    }

    pub(super) fn fail_message(&mut self, file: usize, part: u32, reason: String) {
        let tally = self.tallies.entry(file).or_default();
        tally.failed += 1;
        self.progress.failed += 1;
        tally.fail(part, None, reason);
    }

    /// Writes the documents of one input item: the root (a message or a
    /// loose document), then what it carries. What a duplicate carries is
    /// already in the archive with the copy that was kept.
    pub(super) fn write_items(
        &mut self,
        file: usize,
        part: u32,
        source: &Source,
        expansion: Expansion,
    ) -> Result<()> {
        let mut item = ItemWrite {
            file,
            part,
            source,
            skipped: HashSet::new(),
            parents: HashMap::new(),
            root_failed: false,
            root_duplicate: false,
        };
        for (position, found) in expansion.items.into_iter().enumerate() {
            let is_root = position == 0;
            match found {
                Item::Email(email) => self.write_email(&mut item, *email, is_root)?,
                Item::File(file_item) => self.write_file(&mut item, *file_item, is_root)?,
            }
        }
        // A duplicate's failures are its first copy's, in that copy's
        // file's line (and a copy's attachments are not always read).
        if !item.root_failed && !item.root_duplicate {
            for failure in expansion.failures {
                self.fail_extraction(file, part, Some(failure.attachment), failure.reason);
            }
        }
        self.release_over()
    }

    /// Writes a message of an item, unless it or its carrier is already in
    /// the archive.
    fn write_email(&mut self, item: &mut ItemWrite, email: EmailItem, is_root: bool) -> Result<()> {
        let (file, part) = (item.file, item.part);
        if email
            .parent_id
            .as_ref()
            .is_some_and(|parent| item.skipped.contains(parent))
        {
            if let Ok((message, _)) = &email.parsed {
                item.skipped.insert(message.id.clone());
            }
            return Ok(());
        }
        let (message, guess) = match email.parsed {
            Ok(parsed) => parsed,
            Err(reason) => {
                if is_root {
                    item.root_failed = true;
                    self.fail_message(file, part, reason);
                } else {
                    self.fail_extraction(file, part, email.entry, reason);
                }
                return Ok(());
            }
        };
        if let Some(id) = self.existing_message(&message) {
            item.skipped.insert(message.id.clone());
            if id != message.id {
                self.known.copy_ids.insert(key_of(&message.id), key_of(&id));
            }
            // The copy's Message-ID joins the kept message's thread now, so
            // that a reply naming it later in this run finds it.
            if let Some(moved) = self.known.threader.add_copy(
                &id,
                message.message_id_key.as_deref(),
                &message.references,
            ) {
                self.rethread.push(moved);
            }
            if is_root {
                item.root_duplicate = true;
                let copy = PendingDuplicate {
                    source: Source {
                        message_id: message.message_id.clone(),
                        copy: true,
                        ..item.source.clone()
                    },
                    id: id.clone(),
                    file,
                    document: false,
                };
                if let Some(copy) = self.hold.add_copy(&id, copy) {
                    self.pending.push(copy);
                }
            }
            return Ok(());
        }
        if email.copy {
            // Never so: the earlier item holding its id was written first.
            self.fail_message(
                file,
                part,
                "a copy of a message that was not written: index again".to_string(),
            );
            return Ok(());
        }
        let sources = vec![Source {
            entry: email.entry.clone(),
            message_id: message.message_id.clone(),
            ..item.source.clone()
        }];
        let mut message = message;
        let thread = self.assign_thread(&mut message);
        let message = Rc::new(message);
        if let Some(key) = &message.dedup_key {
            self.known
                .by_dedup_key
                .insert(key_of(key), key_of(&message.id));
        }
        self.known.ids.insert(key_of(&message.id));
        let tally = self.tallies.entry(file).or_default();
        if is_root {
            tally.indexed += 1;
            self.progress.indexed += 1;
        } else {
            tally.embedded += 1;
            self.progress.embedded += 1;
        }
        *self.languages.entry(guess.code.clone()).or_default() += 1;
        *self
            .dkim
            .entry(email.dkim.outcome.as_str().to_string())
            .or_default() += 1;
        self.since_commit += 1;
        item.parents.insert(
            message.id.clone(),
            (Rc::clone(&message), thread.clone(), sources.clone()),
        );
        self.hold.push_email(HeldEmail {
            message,
            language: guess,
            thread,
            sources,
            raw: email.raw,
            parent_id: email.parent_id,
            dkim: email.dkim,
            copies: Vec::new(),
        });
        Ok(())
    }

    /// The thread of a message to write (hex), and the paragraphs it repeats
    /// from earlier in that thread added to its quotes.
    fn assign_thread(&mut self, message: &mut ParsedMessage) -> String {
        let thread = self.known.threader.assign(&crate::thread::ThreadInput {
            message_id_key: message.message_id_key.as_deref(),
            references: &message.references,
            subject: &message.subject,
            date: message.date,
            id: &message.id,
        });
        self.known.paragraphs.mark_repeated(
            thread,
            message.date,
            &message.body,
            &mut message.quoted,
        );
        thread_id_string(thread)
    }

    /// The id of the copy of `message` the archive already holds, if any:
    /// the same id, the id of a copy found before with this id, or the same
    /// dedup key.
    fn existing_message(&self, message: &ParsedMessage) -> Option<String> {
        let key = key_of(&message.id);
        if self.known.ids.contains(&key) {
            return Some(message.id.clone());
        }
        if let Some(&first) = self.known.copy_ids.get(&key) {
            return Some(id_of(first));
        }
        message
            .dedup_key
            .as_ref()
            .and_then(|key| self.known.by_dedup_key.get(&key_of(key)))
            .map(|&id| id_of(id))
    }

    /// Writes an attachment or document of an item, unless it or its parent
    /// is already in the archive.
    fn write_file(
        &mut self,
        item: &mut ItemWrite,
        file_item: FileItem,
        is_root: bool,
    ) -> Result<()> {
        let file = item.file;
        if file_item
            .parent_id
            .as_ref()
            .is_some_and(|parent| item.skipped.contains(parent))
        {
            item.skipped.insert(file_item.id);
            return Ok(());
        }
        if self.known.ids.contains(&key_of(&file_item.id)) {
            if is_root {
                item.root_duplicate = true;
                self.pending.push(PendingDuplicate {
                    id: file_item.id.clone(),
                    source: Source {
                        copy: true,
                        ..item.source.clone()
                    },
                    file,
                    document: true,
                });
            }
            item.skipped.insert(file_item.id);
            return Ok(());
        }
        let parent = file_item
            .parent_id
            .as_ref()
            .and_then(|parent| item.parents.get(parent));
        let sources = match parent {
            Some((_, _, sources)) => sources.clone(),
            None => vec![Source {
                entry: (!is_root).then(|| file_item.path.clone()),
                ..item.source.clone()
            }],
        };
        let context = parent.map(|(message, thread, _)| ParentContext {
            message,
            thread_id: thread,
            sources: &sources,
        });
        if let (Some(ocr), Some(bytes)) = (&file_item.ocr, &file_item.ocr_bytes) {
            crate::ocr::queue::put(self.archive.dir(), &ocr.hash, bytes)?;
        }
        let doc = build_file_document(
            self.archive.fields(),
            &file_item,
            context.as_ref(),
            &sources,
        );
        self.hold.push_document(doc);
        self.known.ids.insert(key_of(&file_item.id));
        let tally = self.tallies.entry(file).or_default();
        tally.documents += 1;
        self.progress.documents += 1;
        if is_root && file_item.extraction == fouille_schema::ExtractionOutcome::Unsupported {
            // In the archive by name and type; its contents are not read.
            self.progress.unsupported += 1;
        }
        *self.languages.entry(file_item.language.code).or_default() += 1;
        self.since_commit += 1;
        Ok(())
    }

    pub(super) fn fail_extraction(
        &mut self,
        file: usize,
        part: u32,
        attachment: Option<String>,
        reason: String,
    ) {
        let tally = self.tallies.entry(file).or_default();
        tally.extraction_failures += 1;
        self.progress.extraction_failures += 1;
        tally.fail(part, attachment, reason);
    }

    /// Resolves pending duplicates, writes the ledger lines of finished
    /// files and commits, recording the ledger length in the commit.
    pub(super) fn commit(&mut self) -> Result<()> {
        self.release_all()?;
        // A duplicate's source is added only once its file has ended, so
        // that it is committed with the file's ledger line: were it
        // committed before, a run killed in between would, on resuming,
        // find the source already there and count the file as indexed.
        let (ready, waiting): (Vec<PendingDuplicate>, Vec<PendingDuplicate>) =
            std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|duplicate| self.file_ended(duplicate.file));
        self.deferred = waiting.len();
        self.pending = waiting;
        if !ready.is_empty() || !self.rethread.is_empty() {
            let mut prepared = self.writer.prepare_commit()?;
            prepared.set_payload(&self.ledger_writer.len().to_string());
            prepared.commit()?;
            self.reader.reload()?;
            let searcher = self.reader.searcher();
            // Before the sources: a document given both a new thread and a
            // new source is rebuilt last with both.
            for thread in std::mem::take(&mut self.rethread) {
                self.move_thread(&searcher, thread)?;
            }
            let pending = ready;
            let mut by_id: BTreeMap<String, Vec<PendingDuplicate>> = BTreeMap::new();
            for duplicate in pending {
                by_id
                    .entry(duplicate.id.clone())
                    .or_default()
                    .push(duplicate);
            }
            for (id, duplicates) in by_id {
                self.merge_sources(&searcher, &id, duplicates)?;
            }
        }
        let mut entries = std::mem::take(&mut self.walk_failures);
        let mut ended: Vec<usize> = self
            .tallies
            .iter()
            .filter(|(_, tally)| tally.ended)
            .map(|(&file, _)| file)
            .collect();
        ended.sort_unstable();
        for file in ended {
            let tally = self.tallies.remove(&file).expect("tally exists");
            entries.push(ledger_entry(&self.files[file], tally));
        }
        let len = self.ledger_writer.append(&entries)?;
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&len.to_string());
        prepared.commit()?;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Adds the sources of duplicates to the document that was kept.
    pub(super) fn merge_sources(
        &mut self,
        searcher: &Searcher,
        id: &str,
        duplicates: Vec<PendingDuplicate>,
    ) -> Result<()> {
        let fields = *self.archive.fields();
        let Some(address) = find_document(searcher, &fields, id)? else {
            return Err(Error::Damaged(format!(
                "document {id} vanished during indexing"
            )));
        };
        let stored: TantivyDocument = searcher.doc(address)?;
        let summary = crate::document::stored_summary(&fields, &stored).unwrap_or_default();
        let mut sources = summary.sources.clone();
        for duplicate in duplicates {
            self.count_copy(&mut sources, duplicate);
        }
        if sources.len() == summary.sources.len() {
            return Ok(());
        }
        sources.sort();
        if let Some(file) = &summary.file {
            let doc = rebuild_file_document(&fields, &stored, file, &self.detector, &sources, None);
            self.writer
                .delete_term(Term::from_field_text(fields.id, id));
            self.writer.add_document(doc)?;
            return Ok(());
        }
        // The thread it is in now: moved, if its own was merged this run.
        let stored_thread = stored
            .get_first(fields.thread_id)
            .and_then(|value| value.as_str())
            .unwrap_or_default();
        let thread_id = parse_thread_id(stored_thread).map_or_else(
            || stored_thread.to_string(),
            |thread| thread_id_string(self.known.threader.resolve(thread)),
        );
        let (doc, _) = self.rebuild_email(&stored, summary, &sources, &thread_id)?;
        self.writer
            .delete_term(Term::from_field_text(fields.id, id));
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Whether every item of input file `file` has been written.
    pub(super) fn file_ended(&self, file: usize) -> bool {
        self.tallies.get(&file).is_some_and(|tally| tally.ended)
    }

    /// Counts a copy of a kept message or document in its file's tally, and
    /// adds its source to `sources` unless it is already there.
    pub(super) fn count_copy(&mut self, sources: &mut Vec<Source>, duplicate: PendingDuplicate) {
        let tally = self.tallies.entry(duplicate.file).or_default();
        let same_file = |source: &Source| source.path == duplicate.source.path;
        let there = sources.iter().find(|source| {
            // This very message, from an interrupted run; or, in a file
            // read again because it changed, the same message at a
            // shifted position.
            same_file(source)
                && (source.part == duplicate.source.part || self.reread.contains(&duplicate.file))
        });
        // Found as a copy, it is counted as a copy again: a copy's source
        // may be committed before its file's ledger line (see `hold`).
        let indexed_here = there.map(|source| !source.copy);
        match (indexed_here, duplicate.document) {
            (Some(true), false) => tally.indexed += 1,
            (Some(true), true) => tally.documents += 1,
            (_, false) => tally.duplicates += 1,
            (_, true) => tally.duplicate_documents += 1,
        }
        if there.is_some() {
            self.progress.already += 1;
        } else {
            self.progress.duplicates += 1;
            sources.push(duplicate.source);
        }
    }

    /// A message's tantivy document, rebuilt from what the archive stores
    /// with other sources or another thread; and its parse, for its
    /// attachments.
    fn rebuild_email(
        &self,
        stored: &TantivyDocument,
        summary: StoredSummary,
        sources: &[Source],
        thread_id: &str,
    ) -> Result<(TantivyDocument, ParsedMessage)> {
        let summary = StoredSummary {
            sources: sources.to_vec(),
            ..summary
        };
        rebuild_email_document(self.archive.fields(), stored, summary, Some(thread_id))
    }

    /// Rewrites the documents of a thread merged into another (a reply
    /// threaded before the copy that joins it to its parent was found):
    /// its messages, then their attachments, which share their thread.
    fn move_thread(&mut self, searcher: &Searcher, thread: u64) -> Result<()> {
        let fields = *self.archive.fields();
        let target = thread_id_string(self.known.threader.resolve(thread));
        let old = thread_id_string(thread);
        if target == old {
            return Ok(());
        }
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(fields.thread_id, &old),
            tantivy::schema::IndexRecordOption::Basic,
        );
        // In index order, so that the same input gives the same archive.
        let mut addresses: Vec<_> = searcher
            .search(&query, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort_unstable();
        let mut messages: HashMap<String, ParsedMessage> = HashMap::new();
        let mut attachments = Vec::new();
        for address in addresses {
            let stored: TantivyDocument = searcher.doc(address)?;
            let id = stored
                .get_first(fields.id)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string();
            let summary = crate::document::stored_summary(&fields, &stored).unwrap_or_default();
            if summary.file.is_some() {
                attachments.push((id, stored, summary));
                continue;
            }
            let sources = summary.sources.clone();
            let (doc, message) = self.rebuild_email(&stored, summary, &sources, &target)?;
            self.writer
                .delete_term(Term::from_field_text(fields.id, &id));
            self.writer.add_document(doc)?;
            messages.insert(id, message);
        }
        for (id, stored, summary) in attachments {
            let Some(file) = &summary.file else { continue };
            let parent = stored
                .get_first(fields.parent_id)
                .and_then(|value| value.as_str())
                .and_then(|parent| messages.get(parent));
            // An attachment has its message's thread: without the message
            // (never the case in an archive this writer made) it stays.
            let Some(message) = parent else { continue };
            let context = ParentContext {
                message,
                thread_id: &target,
                sources: &summary.sources,
            };
            let doc = rebuild_file_document(
                &fields,
                &stored,
                file,
                &self.detector,
                &summary.sources,
                Some(&context),
            );
            self.writer
                .delete_term(Term::from_field_text(fields.id, &id));
            self.writer.add_document(doc)?;
        }
        Ok(())
    }
}

/// A document's tantivy document, rebuilt from what the archive stores: a
/// loose document's to add a source (attachments are never duplicates of
/// one another), an attachment's, with its message as `parent`, to move it
/// to another thread.
pub(super) fn rebuild_file_document(
    fields: &fouille_schema::Fields,
    stored: &TantivyDocument,
    file: &FileSummary,
    detector: &LanguageDetector,
    sources: &[Source],
    parent: Option<&ParentContext>,
) -> TantivyDocument {
    let item = crate::document::stored_file_item(fields, stored, file, detector);
    build_file_document(fields, &item, parent, sources)
}

/// One input item being written: where it came from, and what of it was
/// written or skipped so far (children follow their parents).
pub(super) struct ItemWrite<'s> {
    file: usize,
    part: u32,
    source: &'s Source,
    /// Ids already in the archive, whose children are skipped too.
    skipped: HashSet<String>,
    /// Messages written, for their attachments: the parse, thread and
    /// sources.
    parents: HashMap<String, (Rc<ParsedMessage>, String, Vec<Source>)>,
    /// The item's own message could not be parsed.
    root_failed: bool,
    /// The item's own message or document is a copy of one already there.
    root_duplicate: bool,
}
