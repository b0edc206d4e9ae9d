//! The people who write the synthetic mail: French and English names, an
//! address at one of ~200 generated domains (reserved `.example` and `.test`
//! names only, drawn from a Zipf distribution so a few domains dominate), a
//! time zone, and for some a job title and phone number for their signature.
//! Who writes is Zipf-distributed too: a few people send most of the mail.

use std::collections::HashSet;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Zipf};

use super::vocabulary::Language;

const FRENCH_FIRST_NAMES: [&str; 50] = [
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Nicolas",
    "Isabelle",
    "François",
    "Nathalie",
    "Philippe",
    "Catherine",
    "Julien",
    "Céline",
    "Stéphane",
    "Sandrine",
    "Frédéric",
    "Valérie",
    "Laurent",
    "Hélène",
    "Olivier",
    "Christine",
    "Sébastien",
    "Émilie",
    "Thierry",
    "Camille",
    "Jérôme",
    "Aurélie",
    "Benoît",
    "Élodie",
    "Mathieu",
    "Anaïs",
    "Grégoire",
    "Léa",
    "Antoine",
    "Chloé",
    "Rémi",
    "Manon",
    "Hugo",
    "Inès",
    "Loïc",
    "Zoé",
    "Yannick",
    "Agnès",
    "Gaëlle",
    "Hervé",
    "Maëlle",
    "Clément",
    "Sylvie",
    "Cédric",
    "Noémie",
    "Joël",
];

const FRENCH_LAST_NAMES: [&str; 50] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Le Gall",
];

const ENGLISH_FIRST_NAMES: [&str; 50] = [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Nancy",
    "Daniel",
    "Lisa",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "George",
    "Deborah",
    "Timothy",
    "Stephanie",
];

const ENGLISH_LAST_NAMES: [&str; 50] = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Moore", "Jackson", "White", "Harris", "Thompson", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
    "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
    "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper",
    "Peterson", "Reed", "Bailey", "O'Brien",
];

const FRENCH_TITLES: [&str; 8] = [
    "Directeur financier",
    "Chargée de mission",
    "Responsable juridique",
    "Chef de projet",
    "Assistante de direction",
    "Contrôleur de gestion",
    "Directrice de la communication",
    "Secrétaire général",
];

const ENGLISH_TITLES: [&str; 8] = [
    "Senior Analyst",
    "Vice President, Trading",
    "Project Manager",
    "Legal Counsel",
    "Executive Assistant",
    "Director, Regulatory Affairs",
    "Risk Manager",
    "Chief of Staff",
];

/// Mail providers at the head of the domain distribution.
const PROVIDERS: [&str; 4] = [
    "mail.example",
    "courriel.test",
    "webmail.example",
    "poste.test",
];

const DOMAIN_STEMS: [&str; 24] = [
    "nord", "azur", "atlas", "orion", "cobalt", "granit", "helios", "boreal", "tilleul", "riviere",
    "falaise", "meridian", "summit", "vertex", "lumen", "delta", "alpine", "cedre", "harbor",
    "prairie", "quartz", "sequoia", "galet", "horizon",
];

const DOMAIN_KINDS: [&str; 20] = [
    "conseil",
    "industries",
    "partners",
    "group",
    "avocats",
    "energie",
    "logistics",
    "capital",
    "media",
    "sante",
    "systems",
    "transports",
    "immo",
    "finance",
    "labs",
    "mutuelle",
    "holdings",
    "associes",
    "trading",
    "agri",
];

/// How many domains people's addresses are spread over.
pub const DOMAINS: usize = 200;
/// People per language.
const PEOPLE_PER_LANGUAGE: usize = 1200;

/// Where a person lives, for the time zone of their `Date` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Europe/Paris.
    Paris,
    /// America/Montreal.
    Montreal,
    /// America/New_York.
    NewYork,
    /// America/Chicago.
    Chicago,
    /// America/Los_Angeles.
    LosAngeles,
    /// Europe/London.
    London,
    /// Australia/Sydney.
    Sydney,
    /// Asia/Kolkata.
    Kolkata,
}

impl Zone {
    /// The UTC offset in seconds and its abbreviation on a civil day. Summer
    /// time is approximated by fixed days (late March to late October in
    /// Europe, mid-March to early November in America), close enough for
    /// plausible headers.
    pub fn offset(self, month: u8, day: u8) -> (i32, &'static str) {
        let day_of_year = u16::from(month) * 31 + u16::from(day);
        let european_summer = (3 * 31 + 27..10 * 31 + 27).contains(&day_of_year);
        let american_summer = (3 * 31 + 10..11 * 31 + 4).contains(&day_of_year);
        let hours = |h: i32| h * 3600;
        match self {
            Zone::Paris if european_summer => (hours(2), "CEST"),
            Zone::Paris => (hours(1), "CET"),
            Zone::London if european_summer => (hours(1), "BST"),
            Zone::London => (0, "GMT"),
            Zone::Montreal | Zone::NewYork if american_summer => (hours(-4), "EDT"),
            Zone::Montreal | Zone::NewYork => (hours(-5), "EST"),
            Zone::Chicago if american_summer => (hours(-5), "CDT"),
            Zone::Chicago => (hours(-6), "CST"),
            Zone::LosAngeles if american_summer => (hours(-7), "PDT"),
            Zone::LosAngeles => (hours(-8), "PST"),
            Zone::Sydney if !european_summer => (hours(11), "AEDT"),
            Zone::Sydney => (hours(10), "AEST"),
            Zone::Kolkata => (hours(5) + 1800, "IST"),
        }
    }
}

/// One correspondent.
#[derive(Debug, Clone)]
pub struct Person {
    /// Given name.
    pub first: &'static str,
    /// Family name.
    pub last: &'static str,
    /// The language they write in.
    pub language: Language,
    /// Their address, unique.
    pub address: String,
    /// Their time zone.
    pub zone: Zone,
    /// Job title for the signature, if they sign.
    pub title: Option<&'static str>,
    /// Phone number for the signature.
    pub phone: String,
    /// Whether their client quotes the display name (`"Jean Dupont" <…>`).
    pub quoted_name: bool,
}

impl Person {
    /// "First Last".
    pub fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// Everyone, and who writes how often.
#[derive(Debug)]
pub struct Population {
    people: Vec<Person>,
    /// People ids by language, most active first.
    by_language: [Vec<u32>; 2],
    activity: Zipf<f64>,
    /// The domains, most common first.
    pub domains: Vec<String>,
}

impl Population {
    /// A population drawn from `rng`.
    pub fn new(rng: &mut ChaCha8Rng) -> Population {
        let domains = generate_domains(rng);
        let domain_rank = Zipf::new(DOMAINS as f64, 1.1).expect("valid Zipf");
        let mut addresses = HashSet::new();
        let mut people = Vec::with_capacity(2 * PEOPLE_PER_LANGUAGE);
        let mut by_language = [Vec::new(), Vec::new()];
        for n in 0..2 * PEOPLE_PER_LANGUAGE {
            let language = Language::ALL[n % 2];
            let (firsts, lasts, titles) = match language {
                Language::French => (&FRENCH_FIRST_NAMES, &FRENCH_LAST_NAMES, &FRENCH_TITLES),
                Language::English => (&ENGLISH_FIRST_NAMES, &ENGLISH_LAST_NAMES, &ENGLISH_TITLES),
            };
            let first = firsts[rng.random_range(0..firsts.len())];
            let last = lasts[rng.random_range(0..lasts.len())];
            let domain = &domains[domain_rank.sample(rng) as usize - 1];
            let (first_ascii, last_ascii) = (ascii_fold(first), ascii_fold(last));
            let mut local = match rng.random_range(0..10) {
                0..=5 => format!("{first_ascii}.{last_ascii}"),
                6 => format!("{}{last_ascii}", &first_ascii[..1]),
                7 => format!("{first_ascii}_{last_ascii}"),
                8 => format!("{last_ascii}.{first_ascii}"),
                _ => format!("{first_ascii}{}", rng.random_range(1..100)),
            };
            let mut address = format!("{local}@{domain}");
            let mut suffix = 2;
            while !addresses.insert(address.clone()) {
                local = format!("{first_ascii}.{last_ascii}{suffix}");
                address = format!("{local}@{domain}");
                suffix += 1;
            }
            let zone = match (language, rng.random_range(0..20)) {
                (Language::French, 0) => Zone::Montreal,
                (Language::French, _) => Zone::Paris,
                (Language::English, 0..=7) => Zone::NewYork,
                (Language::English, 8..=10) => Zone::Chicago,
                (Language::English, 11..=13) => Zone::LosAngeles,
                (Language::English, 14..=17) => Zone::London,
                (Language::English, 18) => Zone::Sydney,
                (Language::English, _) => Zone::Kolkata,
            };
            let title = rng
                .random_bool(0.4)
                .then(|| titles[rng.random_range(0..titles.len())]);
            // Numbers reserved for fiction: 01 99 00 xx xx in France,
            // 555-01xx in North America.
            let phone = match language {
                Language::French => format!(
                    "+33 1 99 00 {:02} {:02}",
                    rng.random_range(0..100),
                    rng.random_range(0..100)
                ),
                Language::English => format!(
                    "+1 {} 555-01{:02}",
                    [212, 312, 415, 617, 713][rng.random_range(0..5)],
                    rng.random_range(0..100)
                ),
            };
            by_language[language.index()].push(people.len() as u32);
            people.push(Person {
                first,
                last,
                language,
                address,
                zone,
                title,
                phone,
                quoted_name: rng.random_bool(0.5),
            });
        }
        Population {
            people,
            by_language,
            activity: Zipf::new(PEOPLE_PER_LANGUAGE as f64, 1.0).expect("valid Zipf"),
            domains,
        }
    }

    /// A person.
    pub fn person(&self, id: u32) -> &Person {
        &self.people[id as usize]
    }

    /// Someone writing in `language`, the active ones more often.
    pub fn sample(&self, language: Language, rng: &mut ChaCha8Rng) -> u32 {
        let rank = self.activity.sample(rng) as usize - 1;
        self.by_language[language.index()][rank]
    }
}

/// Reserved domain names: mail providers first, then organisations.
fn generate_domains(rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut domains: Vec<String> = PROVIDERS.iter().map(|d| (*d).to_string()).collect();
    let mut seen: HashSet<String> = domains.iter().cloned().collect();
    while domains.len() < DOMAINS {
        let stem = DOMAIN_STEMS[rng.random_range(0..DOMAIN_STEMS.len())];
        let kind = DOMAIN_KINDS[rng.random_range(0..DOMAIN_KINDS.len())];
        let tld = if rng.random_bool(0.5) {
            "example"
        } else {
            "test"
        };
        let domain = match rng.random_range(0..4) {
            0 => format!("{stem}{kind}.{tld}"),
            1 => format!("mail.{stem}-{kind}.{tld}"),
            _ => format!("{stem}-{kind}.{tld}"),
        };
        if seen.insert(domain.clone()) {
            domains.push(domain);
        }
    }
    domains
}

/// `Lefèvre` → `lefevre`, `Le Gall` → `legall`, `O'Brien` → `obrien`.
fn ascii_fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' => out.push('i'),
            'ô' | 'ö' => out.push('o'),
            'ù' | 'û' | 'ü' => out.push('u'),
            'ç' => out.push('c'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}
