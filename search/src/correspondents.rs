//! Who writes to whom: the sender–recipient pairs of the emails a search
//! matches, with how many emails each pair exchanged.
//!
//! Only emails count (attachments carry their email's addresses, and would
//! count it again). Each segment counts pairs of term ordinals of the
//! `from_address` and `recipients` fast fields, read a block of matches at a
//! time as the facets do; only the pairs are then turned into strings.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

use fouille_schema::fields::{FROM_ADDRESS, RECIPIENTS};
use fouille_schema::{DocumentKind, Result};

use crate::{ArchiveSearcher, SearchRequest};

/// Pairs returned unless asked otherwise.
pub const DEFAULT_PAIRS: usize = 100;
/// Most pairs a caller may ask for.
pub const MAX_PAIRS: usize = 1_000;

/// One sender–recipient pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pair {
    /// The sender's address, lowercased.
    pub from: String,
    /// A recipient's address (To, Cc or Bcc), lowercased.
    pub to: String,
    /// Matching emails from `from` to `to`.
    pub count: u64,
}

/// One address of the pairs returned, with its totals over those pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correspondent {
    /// The address, lowercased.
    pub address: String,
    /// Emails it sent, summed over the pairs returned.
    pub sent: u64,
    /// Emails it received, summed over the pairs returned.
    pub received: u64,
}

/// The correspondents of a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Correspondents {
    /// Matching emails (attachments and documents are not counted).
    pub emails: u64,
    /// Distinct pairs among them.
    pub total_pairs: u64,
    /// The most frequent pairs, most emails first (ties by addresses).
    pub pairs: Vec<Pair>,
    /// Every address of `pairs`, most emails first.
    pub addresses: Vec<Correspondent>,
    /// Whether pairs were left out (`total_pairs` > `pairs`).
    pub truncated: bool,
    /// Notes about parts of the query that were ignored.
    pub warnings: Vec<String>,
    /// Time spent, in milliseconds.
    pub took_ms: u64,
}

impl ArchiveSearcher {
    /// The sender–recipient pairs of the emails matching `request` (paging
    /// and sort ignored), the `limit` most frequent.
    pub fn correspondents(&self, request: &SearchRequest, limit: usize) -> Result<Correspondents> {
        let started = std::time::Instant::now();
        let searcher = self.index_searcher();
        let (query, warnings) = self.query(&searcher, request)?;
        let emails_only: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(self.archive().fields().kind, DocumentKind::Email.as_str()),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, emails_only)]);
        let (emails, counts) = searcher.search(&query, &PairCollector)?;
        let total_pairs = counts.len() as u64;
        let pairs = top_pairs(counts, limit.min(MAX_PAIRS));
        Ok(Correspondents {
            emails,
            total_pairs,
            truncated: (pairs.len() as u64) < total_pairs,
            addresses: addresses_of(&pairs),
            pairs,
            warnings,
            took_ms: started.elapsed().as_millis() as u64,
        })
    }
}

/// The `limit` largest counts, largest first, ties by sender then recipient.
fn top_pairs(counts: HashMap<(String, String), u64>, limit: usize) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = counts
        .into_iter()
        .map(|((from, to), count)| Pair { from, to, count })
        .collect();
    let order = |a: &Pair, b: &Pair| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.from.cmp(&b.from))
            .then_with(|| a.to.cmp(&b.to))
    };
    if pairs.len() > limit && limit > 0 {
        pairs.select_nth_unstable_by(limit - 1, order);
    }
    pairs.truncate(limit);
    pairs.sort_unstable_by(order);
    pairs
}

/// The addresses of `pairs` with their sums, most emails first.
fn addresses_of(pairs: &[Pair]) -> Vec<Correspondent> {
    let mut by_address: HashMap<&str, (u64, u64)> = HashMap::new();
    for pair in pairs {
        by_address.entry(&pair.from).or_default().0 += pair.count;
        by_address.entry(&pair.to).or_default().1 += pair.count;
    }
    let mut addresses: Vec<Correspondent> = by_address
        .into_iter()
        .map(|(address, (sent, received))| Correspondent {
            address: address.to_string(),
            sent,
            received,
        })
        .collect();
    addresses.sort_unstable_by(|a, b| {
        (b.sent + b.received)
            .cmp(&(a.sent + a.received))
            .then_with(|| a.address.cmp(&b.address))
    });
    addresses
}

/// Matches buffered before their ordinals are read.
const BLOCK: usize = 1024;

/// Counts sender–recipient pairs over every match.
struct PairCollector;

/// Per-segment part of [`PairCollector`].
struct SegmentPairCollector {
    from: Option<StrColumn>,
    to: Option<StrColumn>,
    emails: u64,
    counts: HashMap<(u64, u64), u64>,
    docs: Vec<DocId>,
}

/// One segment's pairs, by ordinals, and the columns that name them.
struct SegmentPairs {
    from: Option<StrColumn>,
    to: Option<StrColumn>,
    emails: u64,
    counts: HashMap<(u64, u64), u64>,
}

impl SegmentPairCollector {
    fn flush(&mut self) {
        let (Some(from), Some(to)) = (&self.from, &self.to) else {
            self.docs.clear();
            return;
        };
        let mut recipients = Vec::new();
        for &doc in &self.docs {
            let Some(sender) = from.term_ords(doc).next() else {
                continue;
            };
            recipients.clear();
            recipients.extend(to.term_ords(doc));
            // An address both in To and Cc is one pair, not two.
            recipients.sort_unstable();
            recipients.dedup();
            for &recipient in &recipients {
                *self.counts.entry((sender, recipient)).or_default() += 1;
            }
        }
        self.docs.clear();
    }
}

impl SegmentCollector for SegmentPairCollector {
    type Fruit = SegmentPairs;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.emails += 1;
        self.docs.push(doc);
        if self.docs.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegmentPairs {
        self.flush();
        SegmentPairs {
            from: self.from,
            to: self.to,
            emails: self.emails,
            counts: self.counts,
        }
    }
}

impl Collector for PairCollector {
    type Fruit = (u64, HashMap<(String, String), u64>);
    type Child = SegmentPairCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPairCollector> {
        Ok(SegmentPairCollector {
            from: reader.fast_fields().str(FROM_ADDRESS)?,
            to: reader.fast_fields().str(RECIPIENTS)?,
            emails: 0,
            counts: HashMap::new(),
            docs: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentPairs>) -> tantivy::Result<Self::Fruit> {
        let mut emails = 0;
        let mut merged: HashMap<(String, String), u64> = HashMap::new();
        for fruit in fruits {
            emails += fruit.emails;
            let (Some(from), Some(to)) = (fruit.from, fruit.to) else {
                continue;
            };
            let mut sender = String::new();
            let mut recipient = String::new();
            for ((from_ord, to_ord), count) in fruit.counts {
                sender.clear();
                recipient.clear();
                if from.ord_to_str(from_ord, &mut sender)?
                    && to.ord_to_str(to_ord, &mut recipient)?
                {
                    *merged
                        .entry((sender.clone(), recipient.clone()))
                        .or_default() += count;
                }
            }
        }
        Ok((emails, merged))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(from: &str, to: &str, count: u64) -> Pair {
        Pair {
            from: from.into(),
            to: to.into(),
            count,
        }
    }

    #[test]
    fn keeps_the_most_frequent_pairs_in_a_stable_order() {
        let counts = HashMap::from([
            (("b@x".to_string(), "a@x".to_string()), 3),
            (("a@x".to_string(), "b@x".to_string()), 3),
            (("a@x".to_string(), "c@x".to_string()), 1),
            (("c@x".to_string(), "a@x".to_string()), 5),
        ]);
        let pairs = top_pairs(counts, 3);
        assert_eq!(
            pairs,
            vec![
                pair("c@x", "a@x", 5),
                pair("a@x", "b@x", 3),
                pair("b@x", "a@x", 3)
            ]
        );
        assert_eq!(
            addresses_of(&pairs),
            vec![
                Correspondent {
                    address: "a@x".into(),
                    sent: 3,
                    received: 8
                },
                Correspondent {
                    address: "b@x".into(),
                    sent: 3,
                    received: 3
                },
                Correspondent {
                    address: "c@x".into(),
                    sent: 5,
                    received: 0
                },
            ]
        );
        assert!(top_pairs(HashMap::new(), 0).is_empty());
    }
}
