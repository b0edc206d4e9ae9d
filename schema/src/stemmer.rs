//! A tantivy token filter around rust-stemmers (Snowball).
//!
//! tantivy 0.27's own `Stemmer` no longer uses rust-stemmers; Fouille's
//! prescribed stemmer is rust-stemmers, so this small filter wraps it and is
//! used at index and query time alike.

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
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`SnowballFilter`].
#[derive(Clone)]
pub struct SnowballTokenizer<T> {
    inner: T,
    stemmer: Arc<Stemmer>,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for SnowballTokenizer<T> {
    type TokenStream<'a> = SnowballTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballTokenStream {
            tail: self.inner.token_stream(text),
            stemmer: &self.stemmer,
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream produced by [`SnowballTokenizer`].
pub struct SnowballTokenStream<'a, T> {
    tail: T,
    stemmer: &'a Stemmer,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for SnowballTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = self.stemmer.stem(&token.text);
        if stem.len() != token.text.len() || stem != token.text.as_str() {
            self.buffer.clear();
            self.buffer.push_str(&stem);
            std::mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
