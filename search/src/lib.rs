//! Fouille's read path: everything that answers a question about an
//! archive. It may import `fouille-schema` (the archive format) and
//! `fouille-extract` (to re-read a stored original for the message view and
//! snippets); it knows nothing of the indexer, of HTTP or of URLs: views
//! name what they link to with typed locators ([`view::Original`]), and the
//! server turns them into its URLs.
//!
//! - [`query`]: the query language, parsed into a tree.
//! - [`build`]: that tree as a tantivy query, with filters.
//! - [`searcher`]: running a search: sort, paging, facets, snippets.
//! - [`view`]: a message, a document, a thread.
//! - [`provenance`]: where an email came from: Received hops, client,
//!   anomalies in its headers.
//! - [`similar`]: the edited copies of a document.
//! - [`entities`]: IBANs, phones, SIREN/SIRET, addresses and links a text
//!   mentions, for views and the query language.
//! - [`correspondents`]: who writes to whom among the matches.
//! - [`marks`]: the team's tags, stars and notes, as the query language and
//!   the hits read them (kept by the workspace crate).
//! - [`export`]: every match as JSON lines, CSV or mbox.
//! - [`batch`]: a list of queries, each with its total and top hits.
//! - [`stats`]: what an archive holds, and what became of every input.

pub mod batch;
pub mod build;
pub mod correspondents;
pub mod entities;
pub mod export;
pub mod facets;
pub mod fuzzing;
mod fuzzy;
mod idset;
mod locate;
pub mod marks;
mod matches;
pub mod provenance;
pub mod query;
mod request;
mod response;
pub mod searcher;
pub mod similar;
mod snippet;
pub mod stats;
pub mod view;

pub use build::{QueryBuilder, parse_date};
pub use facets::{FacetCollector, FacetValue};
pub use fouille_schema::{Archive, Error, Result};
pub use matches::MatchIds;
pub use query::{QueryField, QueryNode, parse_query};
pub use searcher::*;
