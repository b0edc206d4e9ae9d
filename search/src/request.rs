//! What a search asks for: the query, its filters, the order and the page.
//! Both `fouille search` and the JSON API fill a [`SearchRequest`].

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::searcher::DEFAULT_FACET_SIZE;

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recent first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl Sort {
    /// Every order, as the query string and the command line name them.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Newest, Sort::Oldest];

    /// The name of the order (`relevance`, `newest`, `oldest`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    /// The order a name stands for, if any.
    pub fn parse(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.as_str() == name)
    }
}

/// Filters beside the query; values of one filter are ORed, filters ANDed.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Sender address or name.
    pub from: Vec<String>,
    /// Recipient (To, Cc, Bcc) address or name.
    pub to: Vec<String>,
    /// Sender domain.
    pub domain: Vec<String>,
    /// Language code.
    pub lang: Vec<String>,
    /// Document kind.
    pub kind: Vec<String>,
    /// File type of attachments and documents.
    pub filetype: Vec<String>,
    /// Extraction outcome.
    pub extraction: Vec<String>,
    /// DKIM outcome.
    pub dkim: Vec<String>,
    /// Author, as the `author` facet gives it.
    pub author: Vec<String>,
    /// Software, as the `software` facet gives it.
    pub software: Vec<String>,
    /// Mail client, as the `client` facet gives it.
    pub client: Vec<String>,
    /// On or after (UTC day).
    pub after: Option<Date>,
    /// On or before (UTC day).
    pub before: Option<Date>,
    /// With or without attachments.
    pub has_attachments: Option<bool>,
    /// Tags of the team's workspace.
    pub tag: Vec<String>,
    /// IBANs written in the text (any spacing).
    pub iban: Vec<String>,
    /// Phone numbers written in the text (any usual form).
    pub phone: Vec<String>,
    /// SIREN numbers written in the text.
    pub siren: Vec<String>,
    /// SIRET numbers written in the text.
    pub siret: Vec<String>,
    /// Hosts of links, or a domain above them.
    pub link: Vec<String>,
    /// Email addresses written in the text.
    pub mention: Vec<String>,
    /// Only what the reader starred.
    pub starred: bool,
}

/// A search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// Query text (empty: every message).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// Hits to skip.
    pub offset: usize,
    /// Hits to return.
    pub limit: usize,
    /// Values per facet (months excepted: all are returned).
    pub facet_size: usize,
    /// Who asks: `is:starred` and notes are read as this user sees them;
    /// `None` sees only what the team shares.
    pub user: Option<String>,
    /// Bare words leave out the text emails quote (`quotes=exclude`).
    pub exclude_quotes: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
            facet_size: DEFAULT_FACET_SIZE,
            user: None,
            exclude_quotes: false,
        }
    }
}
