//! Who writes to whom: the sender–recipient pairs of the emails a search
//! matches, with how many emails each pair exchanged.
//!
//! Only emails count (attachments carry their email's addresses, and would
//! count it again). Each segment counts pairs of term ordinals of the
//! `from_address` and `recipients` fast fields; segments are merged by
//! address numbers (each distinct address read as a string once per
//! segment, not once per pair), and only the pairs returned get strings.

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
        let (emails, addresses, counts) = searcher.search(&query, &PairCollector)?;
        let total_pairs = counts.len() as u64;
        let pairs = top_pairs(&addresses.names, counts, limit.min(MAX_PAIRS));
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

/// The `limit` largest counts, largest first, ties by sender then recipient
/// (`names` gives each address number its address).
fn top_pairs(names: &[String], counts: HashMap<(u32, u32), u64>, limit: usize) -> Vec<Pair> {
    let name = |id: u32| names.get(id as usize).map_or("", String::as_str);
    let mut pairs: Vec<((u32, u32), u64)> = counts.into_iter().collect();
    let order = |a: &((u32, u32), u64), b: &((u32, u32), u64)| {
        b.1.cmp(&a.1)
            .then_with(|| name(a.0.0).cmp(name(b.0.0)))
            .then_with(|| name(a.0.1).cmp(name(b.0.1)))
    };
    if pairs.len() > limit && limit > 0 {
        pairs.select_nth_unstable_by(limit - 1, order);
    }
    pairs.truncate(limit);
    pairs.sort_unstable_by(order);
    pairs
        .into_iter()
        .map(|((from, to), count)| Pair {
            from: name(from).to_string(),
            to: name(to).to_string(),
            count,
        })
        .collect()
}

/// Every address met while merging, each with a number.
#[derive(Default)]
struct AddressBook {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl AddressBook {
    fn id(&mut self, address: &str) -> u32 {
        if let Some(&id) = self.ids.get(address) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(address.to_string());
        self.ids.insert(address.to_string(), id);
        id
    }

    /// The number of the address at `ord` of `column`, read once per
    /// segment through `seen`.
    fn id_of_ord(
        &mut self,
        column: &StrColumn,
        ord: u64,
        seen: &mut HashMap<u64, u32>,
        buffer: &mut String,
    ) -> std::io::Result<Option<u32>> {
        if let Some(&id) = seen.get(&ord) {
            return Ok(Some(id));
        }
        buffer.clear();
        if !column.ord_to_str(ord, buffer)? {
            return Ok(None);
        }
        let id = self.id(buffer);
        seen.insert(ord, id);
        Ok(Some(id))
    }
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
    type Fruit = (u64, AddressBook, HashMap<(u32, u32), u64>);
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
        let mut book = AddressBook::default();
        let mut merged: HashMap<(u32, u32), u64> = HashMap::new();
        let mut buffer = String::new();
        for fruit in fruits {
            emails += fruit.emails;
            let (Some(from), Some(to)) = (fruit.from, fruit.to) else {
                continue;
            };
            let (mut senders, mut recipients) = (HashMap::new(), HashMap::new());
            for ((from_ord, to_ord), count) in fruit.counts {
                let sender = book.id_of_ord(&from, from_ord, &mut senders, &mut buffer)?;
                let recipient = book.id_of_ord(&to, to_ord, &mut recipients, &mut buffer)?;
                if let (Some(sender), Some(recipient)) = (sender, recipient) {
                    *merged.entry((sender, recipient)).or_default() += count;
                }
            }
        }
        Ok((emails, book, merged))
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
        let mut book = AddressBook::default();
        let (b, a, c) = (book.id("b@x"), book.id("a@x"), book.id("c@x"));
        assert_eq!(book.id("a@x"), a);
        let counts = HashMap::from([((b, a), 3), ((a, b), 3), ((a, c), 1), ((c, a), 5)]);
        let pairs = top_pairs(&book.names, counts, 3);
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
        assert!(top_pairs(&book.names, HashMap::new(), 0).is_empty());
    }
}
