//! What each message is before it is written: language, sender, recipients,
//! date, mailbox, length, and the earlier message it answers or forwards.
//!
//! Message `i` is planned from random streams of its own (the corpus seed
//! and `i`), never from a shared generator, so any message can be made on
//! any thread in any order and the output does not depend on the thread
//! count. A reply is planned from its parent's plan, and the parent's from
//! its own parent, up to the thread's root: ancestors are re-planned, which
//! costs a few draws each and keeps every message independent.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, LogNormal, Normal};

use super::calendar::{civil_from_days, weekday};
use super::people::Population;
use super::vocabulary::Language;

/// 2015-01-01T00:00:00Z: the first day of the corpus.
pub const FIRST_DAY: i64 = 1_420_070_400;
/// 2021-01-01T00:00:00Z: the day after the last (replies may run over).
pub const END_DAY: i64 = 1_609_459_200;

/// Mailboxes (Maildir folders) and how much of the mail each holds.
pub const MAILBOXES: [(&str, u32); 7] = [
    ("inbox", 40),
    ("sent", 20),
    ("archive", 10),
    ("projet-rivage", 9),
    ("projet-atlas", 8),
    ("juridique", 6),
    ("finance", 7),
];

/// Share of messages that answer or forward an earlier one.
const REPLY_RATE: f64 = 0.4;
/// Share of those that forward rather than answer.
const FORWARD_RATE: f64 = 0.12;
/// Deepest thread re-planned: a deeper ancestor is planned as a root (with
/// a 40% reply rate, a chain this long never happens in practice).
const MAX_DEPTH: usize = 64;

/// A random stream of a message: each part of a message draws from its own,
/// so that quoting a message can regenerate its text without its subject or
/// its attachments.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// The plan.
    Plan = 0,
    /// The text written in the message (what replies quote).
    Text = 1,
    /// The subject of a thread's first message.
    Subject = 2,
    /// Everything else: MIME structure, encodings, attachments.
    Dress = 3,
}

/// How a message relates to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// An answer, quoting the parent.
    Reply,
    /// A forward, including the parent.
    Forward,
}

/// A message before it is written.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Position in the corpus.
    pub index: u64,
    /// Language of its text.
    pub language: Language,
    /// Who writes.
    pub sender: u32,
    /// `To` recipients, never empty.
    pub to: Vec<u32>,
    /// `Cc` recipients.
    pub cc: Vec<u32>,
    /// When it was sent, Unix seconds.
    pub timestamp: i64,
    /// The message answered or forwarded, and how.
    pub parent: Option<(u64, Link)>,
    /// The thread's first message (itself for a root).
    pub root: u64,
    /// Earlier messages of the thread, oldest first (the `References`).
    pub ancestors: Vec<u64>,
    /// Index into [`MAILBOXES`].
    pub mailbox: usize,
    /// Words it writes (quotes and signatures aside).
    pub words: u32,
}

/// The draws of one message that do not depend on its parent.
#[derive(Debug)]
struct Draws {
    language: Language,
    sender: u32,
    to: Vec<u32>,
    cc: Vec<u32>,
    timestamp: i64,
    parent: Option<u64>,
    forward: bool,
    delay: i64,
    keep_language: bool,
    answer: Option<u32>,
    reply_all: bool,
    mailbox: usize,
    words: u32,
}

/// Plans messages of one corpus.
#[derive(Debug)]
pub struct Planner<'a> {
    key: ChaCha8Rng,
    count: u64,
    population: &'a Population,
    distance: Exp<f64>,
    words: LogNormal<f64>,
    long_words: LogNormal<f64>,
    delay: LogNormal<f64>,
    noise: Normal<f64>,
    office_hours: Normal<f64>,
}

impl<'a> Planner<'a> {
    /// A planner for `count` messages from `seed`.
    pub fn new(seed: u64, count: u64, population: &'a Population) -> Planner<'a> {
        let day = 86_400.0;
        let span = (END_DAY - FIRST_DAY) as f64;
        Planner {
            key: ChaCha8Rng::seed_from_u64(seed),
            count: count.max(1),
            population,
            // A reply answers a message from about three days earlier.
            distance: Exp::new(1.0 / (count as f64 * 3.0 * day / span).max(3.0)).expect("valid"),
            words: LogNormal::new(110f64.ln(), 0.9).expect("valid"),
            long_words: LogNormal::new(1500f64.ln(), 0.8).expect("valid"),
            delay: LogNormal::new((3.0 * 3600f64).ln(), 1.6).expect("valid"),
            noise: Normal::new(0.0, 2.0 * day).expect("valid"),
            office_hours: Normal::new(13.5 * 3600.0, 2.8 * 3600.0).expect("valid"),
        }
    }

    /// The random stream `stream` of message `index`.
    pub fn rng(&self, index: u64, stream: Stream) -> ChaCha8Rng {
        let mut rng = self.key.clone();
        rng.set_stream(index.wrapping_mul(4) + stream as u64);
        rng
    }

    /// The plan of message `index`.
    pub fn plan(&self, index: u64) -> Plan {
        let mut chain = vec![(index, self.draw(index))];
        while chain.len() < MAX_DEPTH {
            let Some(parent) = chain.last().and_then(|(_, draws)| draws.parent) else {
                break;
            };
            chain.push((parent, self.draw(parent)));
        }
        let mut plan: Option<Plan> = None;
        for (index, draws) in chain.into_iter().rev() {
            plan = Some(match plan {
                None => root(index, draws),
                Some(parent) => child(index, draws, parent),
            });
        }
        plan.expect("at least the message itself")
    }

    // The draws below come in a fixed order from one stream: reordering
    // them, or changing the type a range is drawn in, changes the corpus.
    fn draw(&self, index: u64) -> Draws {
        let mut rng = self.rng(index, Stream::Plan);
        let rng = &mut rng;
        let language = if rng.random_bool(0.5) {
            Language::French
        } else {
            Language::English
        };
        let sender = self.population.sample(language, rng);
        let (to, cc) = self.draw_recipients(rng, language, sender);
        let timestamp = self.draw_timestamp(rng, index, sender);
        let parent = self.draw_parent(rng, index);
        let forward = rng.random_bool(FORWARD_RATE);
        let delay = self.delay.sample(rng).clamp(60.0, 20.0 * 86_400.0) as i64;
        let keep_language = rng.random_bool(0.92);
        let answer = rng.random_bool(0.85).then(|| rng.random::<u32>());
        let reply_all = rng.random_bool(0.3);
        let mailbox = draw_mailbox(rng);
        let words = self.draw_words(rng);
        Draws {
            language,
            sender,
            to,
            cc,
            timestamp,
            parent,
            forward,
            delay,
            keep_language,
            answer,
            reply_all,
            mailbox,
            words,
        }
    }

    /// The `To` and `Cc` recipients of a message from `sender`, most of them
    /// writing `language`, none twice and never the sender.
    fn draw_recipients(
        &self,
        rng: &mut ChaCha8Rng,
        language: Language,
        sender: u32,
    ) -> (Vec<u32>, Vec<u32>) {
        let mut taken = vec![sender];
        let to_count = match rng.random_range(0..100) {
            0..=59 => 1,
            60..=84 => 2,
            85..=94 => 3,
            _ => 4,
        };
        let to = self.draw_people(rng, language, to_count, &mut taken);
        let mut cc = Vec::new();
        if rng.random_bool(0.25) {
            // An i32, the type this range has always had: a range of
            // another type may take other draws from the stream.
            let cc_count = rng.random_range(1..=3_i32) as usize;
            cc = self.draw_people(rng, language, cc_count, &mut taken);
        }
        (to, cc)
    }

    /// Up to `count` people not yet `taken`, who are then taken: a draw that
    /// only finds someone taken adds no one.
    fn draw_people(
        &self,
        rng: &mut ChaCha8Rng,
        language: Language,
        count: usize,
        taken: &mut Vec<u32>,
    ) -> Vec<u32> {
        let mut people = Vec::with_capacity(count);
        for _ in 0..count {
            let person = self.draw_person(rng, language, taken);
            if !taken.contains(&person) {
                taken.push(person);
                people.push(person);
            }
        }
        people
    }

    /// Someone writing `language` (rarely the other language), tried again
    /// up to eight times while already `taken`.
    fn draw_person(&self, rng: &mut ChaCha8Rng, language: Language, taken: &[u32]) -> u32 {
        let language = if rng.random_bool(0.85) {
            language
        } else {
            match language {
                Language::French => Language::English,
                Language::English => Language::French,
            }
        };
        let mut person = self.population.sample(language, rng);
        for _ in 0..8 {
            if !taken.contains(&person) {
                break;
            }
            person = self.population.sample(language, rng);
        }
        person
    }

    /// When message `index` from `sender` was written, Unix seconds.
    fn draw_timestamp(&self, rng: &mut ChaCha8Rng, index: u64, sender: u32) -> i64 {
        // Spread evenly over the years, with noise, on office hours of the
        // sender's day, rarely at weekends.
        // Roots end a month early, leaving their replies room in 2020.
        let span = (END_DAY - FIRST_DAY - 30 * 86_400) as f64;
        let position = (index as f64 + rng.random::<f64>()) / self.count as f64;
        let base = (FIRST_DAY as f64 + position * span + self.noise.sample(rng))
            .clamp(FIRST_DAY as f64, (END_DAY - 86_400) as f64) as i64;
        let zone = self.population.person(sender).zone;
        let (_, month, day) = civil_from_days(base.div_euclid(86_400));
        let offset = i64::from(zone.offset(month, day).0);
        let mut local_day = (base + offset).div_euclid(86_400);
        let weekend = matches!(weekday(local_day), 0 | 6);
        if weekend && rng.random_bool(0.8) {
            local_day += if weekday(local_day) == 6 { 2 } else { 1 };
        }
        let seconds = if rng.random_bool(0.85) {
            self.office_hours
                .sample(rng)
                .clamp(6.5 * 3600.0, 23.0 * 3600.0) as i64
        } else {
            rng.random_range(0..86_400)
        };
        (local_day * 86_400 + seconds - offset).max(FIRST_DAY)
    }

    /// The earlier message that message `index` answers or forwards, if any.
    fn draw_parent(&self, rng: &mut ChaCha8Rng, index: u64) -> Option<u64> {
        let parent = (index > 0 && rng.random_bool(REPLY_RATE)).then(|| {
            let distance = 1.0 + self.distance.sample(rng);
            index - (distance as u64).min(index)
        });
        parent.filter(|&parent| parent < index)
    }

    /// Words a message writes: now and then a long one.
    fn draw_words(&self, rng: &mut ChaCha8Rng) -> u32 {
        if rng.random_bool(0.03) {
            self.long_words.sample(rng)
        } else {
            self.words.sample(rng)
        }
        .clamp(6.0, 8_000.0) as u32
    }
}

/// A mailbox, by the weights of [`MAILBOXES`].
fn draw_mailbox(rng: &mut ChaCha8Rng) -> usize {
    let weights: u32 = MAILBOXES.iter().map(|(_, weight)| weight).sum();
    let mut draw = rng.random_range(0..weights);
    MAILBOXES
        .iter()
        .position(|(_, weight)| {
            let here = draw < *weight;
            draw = draw.saturating_sub(*weight);
            here
        })
        .unwrap_or(0)
}

fn root(index: u64, draws: Draws) -> Plan {
    Plan {
        index,
        language: draws.language,
        sender: draws.sender,
        to: draws.to,
        cc: draws.cc,
        timestamp: draws.timestamp,
        parent: None,
        root: index,
        ancestors: Vec::new(),
        mailbox: draws.mailbox,
        words: draws.words,
    }
}

fn child(index: u64, draws: Draws, parent: Plan) -> Plan {
    let language = if draws.keep_language {
        parent.language
    } else {
        draws.language
    };
    let link = if draws.forward {
        Link::Forward
    } else {
        Link::Reply
    };
    let readers: Vec<u32> = parent.to.iter().chain(&parent.cc).copied().collect();
    // Most answers come from someone the parent was sent to.
    let sender = match draws.answer {
        Some(pick) if !readers.is_empty() => readers[pick as usize % readers.len()],
        _ => draws.sender,
    };
    let (mut to, cc) = match link {
        Link::Forward => (draws.to.clone(), draws.cc),
        Link::Reply => {
            let mut to = vec![parent.sender];
            let mut cc = Vec::new();
            if draws.reply_all {
                to.extend(parent.to.iter().copied());
                cc = parent.cc.clone();
            }
            let mut seen = vec![sender];
            to.retain(|&person| {
                let new = !seen.contains(&person);
                seen.push(person);
                new
            });
            cc.retain(|&person| person != sender && !to.contains(&person));
            (to, cc)
        }
    };
    if to.is_empty() {
        to = draws.to;
    }
    if to.is_empty() {
        to.push(parent.sender);
    }
    let mut ancestors = parent.ancestors;
    ancestors.push(parent.index);
    Plan {
        index,
        language,
        sender,
        to,
        cc,
        timestamp: (parent.timestamp + draws.delay).min((END_DAY - 1).max(parent.timestamp + 60)),
        parent: Some((parent.index, link)),
        root: parent.root,
        ancestors,
        mailbox: draws.mailbox,
        words: draws.words,
    }
}
