//! The archive's merge policy: tantivy's log-structured merges, each capped
//! in bytes read.
//!
//! A merge maps every file of the segments it reads, and every page it
//! touches counts in the indexer's resident memory until the merge ends.
//! Uncapped, the merges of a million-message archive read 600–800 MB at
//! once, which put the indexer's peak RSS over 1 GiB. With one merge at a
//! time (the writer runs a single merge thread) and each merge reading at
//! most [`MERGE_INPUT_CAP`], the mapped share of the peak stays bounded
//! whatever the corpus size; the price is more segments at the end (roughly
//! one per cap of archive), which searches visit one after the other.

use std::collections::HashMap;
use std::path::PathBuf;

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Bytes of segment files one merge may read.
pub const MERGE_INPUT_CAP: u64 = 256 * 1024 * 1024;

/// The files that make a segment's size (the rest are small or absent).
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Store,
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// [`LogMergePolicy`] whose merges read at most `cap` bytes of segments.
#[derive(Debug)]
pub struct CappedMergePolicy {
    inner: LogMergePolicy,
    /// The index directory, where segment files are measured.
    dir: PathBuf,
    cap: u64,
}

impl CappedMergePolicy {
    pub fn new(dir: PathBuf, cap: u64) -> Self {
        CappedMergePolicy {
            inner: LogMergePolicy::default(),
            dir,
            cap,
        }
    }

    fn bytes(&self, segment: &SegmentMeta) -> u64 {
        COMPONENTS
            .iter()
            .filter_map(|component| {
                std::fs::metadata(self.dir.join(segment.relative_path(component.clone()))).ok()
            })
            .map(|metadata| metadata.len())
            .sum()
    }
}

impl MergePolicy for CappedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sizes: HashMap<SegmentId, u64> = segments
            .iter()
            .map(|segment| (segment.id(), self.bytes(segment)))
            .collect();
        // A segment over half the cap could only merge with smaller ones,
        // rewriting most of itself for little gain: it is left as it is.
        let mergeable: Vec<SegmentMeta> = segments
            .iter()
            .filter(|segment| sizes[&segment.id()] <= self.cap / 2)
            .cloned()
            .collect();
        self.inner
            .compute_merge_candidates(&mergeable)
            .into_iter()
            .filter_map(|MergeCandidate(mut ids)| {
                ids.sort_by_key(|id| sizes[id]);
                let mut total = 0;
                let kept: Vec<SegmentId> = ids
                    .into_iter()
                    .take_while(|id| {
                        total += sizes[id];
                        total <= self.cap
                    })
                    .collect();
                (kept.len() >= 2).then_some(MergeCandidate(kept))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::Index;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{IndexWriter, TantivyDocument, doc};

    /// Eight segments of about 1 KB each (stored text that zstd cannot
    /// shrink much), from which merges are asked under several caps.
    fn segments() -> (tempfile::TempDir, Vec<SegmentMeta>) {
        let dir = tempfile::tempdir().unwrap();
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_dir(dir.path(), schema.build()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let mut state = 7u64;
        for _ in 0..8 {
            let text: String = (0..1000)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    char::from(b'a' + (state >> 59) as u8 % 26)
                })
                .collect();
            writer.add_document(doc!(body => text)).unwrap();
            writer.commit().unwrap();
        }
        let metas = index.searchable_segment_metas().unwrap();
        (dir, metas)
    }

    fn merged(policy: &CappedMergePolicy, segments: &[SegmentMeta]) -> Vec<usize> {
        policy
            .compute_merge_candidates(segments)
            .iter()
            .map(|candidate| candidate.0.len())
            .collect()
    }

    #[test]
    fn a_large_cap_merges_like_the_log_policy() {
        let (dir, segments) = segments();
        assert_eq!(segments.len(), 8);
        let policy = CappedMergePolicy::new(dir.path().to_path_buf(), 1 << 30);
        assert_eq!(merged(&policy, &segments), vec![8]);
    }

    #[test]
    fn a_merge_reads_no_more_than_the_cap() {
        let (dir, segments) = segments();
        let policy = CappedMergePolicy::new(dir.path().to_path_buf(), u64::MAX);
        let one = policy.bytes(&segments[0]);
        assert!(one > 700, "a segment of {one} bytes");
        let policy = CappedMergePolicy::new(dir.path().to_path_buf(), one * 3 + one / 2);
        assert_eq!(merged(&policy, &segments), vec![3]);
        // Segments over half the cap are left alone.
        let policy = CappedMergePolicy::new(dir.path().to_path_buf(), one * 3 / 2);
        assert_eq!(merged(&policy, &segments), Vec::<usize>::new());
    }
}
