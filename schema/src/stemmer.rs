//! A tantivy token filter around rust-stemmers (Snowball).
//!
//! tantivy 0.27's own `Stemmer` no longer uses rust-stemmers; Fouille's
//! prescribed stemmer is rust-stemmers, so this small filter wraps it and is
//! used at index and query time alike.
//!
//! Stemming was a fifth of indexing time; word frequencies are Zipfian, so
//! each tokenizer remembers the stems it computed (bounded).

use std::collections::HashMap;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::Language;

/// Replaces each token by its Snowball stem.
#[derive(Clone)]
pub struct SnowballFilter {
    stemmer: Arc<Stemmer>,
}

impl SnowballFilter {
    /// A filter stemming with `language`'s Snowball algorithm.
    pub fn new(language: Language) -> SnowballFilter {
        let algorithm = match language {
            Language::French => Algorithm::French,
            Language::English => Algorithm::English,
        };
        SnowballFilter {
            stemmer: Arc::new(Stemmer::create(algorithm)),
        }
    }
}

impl TokenFilter for SnowballFilter {
    type Tokenizer<T: Tokenizer> = SnowballTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SnowballTokenizer<T> {
        SnowballTokenizer {
            inner: tokenizer,
            stemmer: self.stemmer,
            cache: HashMap::new(),
        }
    }
}

/// The tokenizer produced by [`SnowballFilter`].
#[derive(Clone)]
pub struct SnowballTokenizer<T> {
    inner: T,
    stemmer: Arc<Stemmer>,
    cache: HashMap<String, String>,
}

/// Distinct words whose stems a tokenizer remembers; past this the memo is
/// cleared (a few megabytes at most).
const MAX_CACHED_STEMS: usize = 50_000;

impl<T: Tokenizer> Tokenizer for SnowballTokenizer<T> {
    type TokenStream<'a> = SnowballTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.cache.len() > MAX_CACHED_STEMS {
            self.cache.clear();
        }
        SnowballTokenStream {
            tail: self.inner.token_stream(text),
            stemmer: &self.stemmer,
            cache: &mut self.cache,
        }
    }
}

/// The token stream produced by [`SnowballTokenizer`].
pub struct SnowballTokenStream<'a, T> {
    tail: T,
    stemmer: &'a Stemmer,
    cache: &'a mut HashMap<String, String>,
}

impl<T: TokenStream> TokenStream for SnowballTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.cache.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = self.stemmer.stem(&token.text).into_owned();
        let word = std::mem::replace(&mut token.text, stem.clone());
        self.cache.insert(word, stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
