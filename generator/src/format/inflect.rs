//! The English inflections Prisma uses to name the relation fields its formatter adds: camelCase and
//! plural, with the same rules (and quirks) as the inflector Prisma links.

/// `BlogPost` -> `blogPost`, `user_profile` -> `userProfile`, `HTTPRequest` -> `httprequest`.
///
/// Separators (anything not alphanumeric) start a new word; a capital after a lowercase letter starts a
/// new word; digits end a word. Only the first letters of new words keep their case (upper).
pub(crate) fn camel_case(input: &str) -> String {
    let trimmed = input.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(trimmed.len());
    let mut new_word = false;
    let mut seen_letter_or_digit = false;
    // The last character copied in lowercase (word starts do not update it).
    let mut last = ' ';
    for c in trimmed.chars() {
        if !c.is_alphanumeric() {
            if seen_letter_or_digit {
                new_word = true;
            }
            continue;
        }
        seen_letter_or_digit = true;
        if c.is_numeric() {
            new_word = true;
            out.push(c);
        } else if new_word || (last.is_lowercase() && c.is_uppercase()) {
            new_word = false;
            out.push(c.to_ascii_uppercase());
        } else {
            last = c;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// First character lowercased (Prisma's own helper for inferred scalar field names).
pub(crate) fn lower_first(input: &str) -> String {
    let mut chars = input.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// First character uppercased.
pub(crate) fn upper_first(input: &str) -> String {
    let mut chars = input.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words whose plural is the word itself.
const UNCOUNTABLE: &[&str] = &[
    "accommodation",
    "adulthood",
    "advertising",
    "advice",
    "aggression",
    "aid",
    "air",
    "aircraft",
    "alcohol",
    "anger",
    "applause",
    "arithmetic",
    "assistance",
    "athletics",
    "bacon",
    "baggage",
    "beef",
    "biology",
    "blood",
    "botany",
    "bread",
    "butter",
    "carbon",
    "cardboard",
    "cash",
    "chalk",
    "chaos",
    "chess",
    "crossroads",
    "countryside",
    "dancing",
    "deer",
    "dignity",
    "dirt",
    "dust",
    "economics",
    "education",
    "electricity",
    "engineering",
    "enjoyment",
    "envy",
    "equipment",
    "ethics",
    "evidence",
    "evolution",
    "fame",
    "fiction",
    "flour",
    "flu",
    "food",
    "fuel",
    "fun",
    "furniture",
    "gallows",
    "garbage",
    "garlic",
    "genetics",
    "gold",
    "golf",
    "gossip",
    "grammar",
    "gratitude",
    "grief",
    "guilt",
    "gymnastics",
    "happiness",
    "hardware",
    "harm",
    "hate",
    "hatred",
    "health",
    "heat",
    "help",
    "homework",
    "honesty",
    "honey",
    "hospitality",
    "housework",
    "humour",
    "hunger",
    "hydrogen",
    "ice",
    "importance",
    "inflation",
    "information",
    "innocence",
    "iron",
    "irony",
    "jam",
    "jewelry",
    "judo",
    "karate",
    "knowledge",
    "lack",
    "laughter",
    "lava",
    "leather",
    "leisure",
    "lightning",
    "linguine",
    "linguini",
    "linguistics",
    "literature",
    "litter",
    "livestock",
    "logic",
    "loneliness",
    "luck",
    "luggage",
    "macaroni",
    "machinery",
    "magic",
    "management",
    "mankind",
    "marble",
    "mathematics",
    "mayonnaise",
    "measles",
    "methane",
    "milk",
    "money",
    "mud",
    "music",
    "mumps",
    "nature",
    "news",
    "nitrogen",
    "nonsense",
    "nurture",
    "nutrition",
    "obedience",
    "obesity",
    "oxygen",
    "pasta",
    "patience",
    "physics",
    "poetry",
    "pollution",
    "poverty",
    "pride",
    "psychology",
    "publicity",
    "punctuation",
    "quartz",
    "racism",
    "relaxation",
    "reliability",
    "research",
    "respect",
    "revenge",
    "rice",
    "rubbish",
    "rum",
    "safety",
    "scenery",
    "seafood",
    "seaside",
    "series",
    "shame",
    "sheep",
    "shopping",
    "sleep",
    "smoke",
    "smoking",
    "snow",
    "soap",
    "software",
    "soil",
    "spaghetti",
    "species",
    "steam",
    "stuff",
    "stupidity",
    "sunshine",
    "symmetry",
    "tennis",
    "thirst",
    "thunder",
    "timber",
    "traffic",
    "transportation",
    "trust",
    "underwear",
    "unemployment",
    "unity",
    "validity",
    "veal",
    "vegetation",
    "vegetarianism",
    "vengeance",
    "violence",
    "vitality",
    "warmth",
    "wealth",
    "weather",
    "welfare",
    "wheat",
    "wildlife",
    "wisdom",
    "yoga",
    "zinc",
    "zoology",
];

const IRREGULAR: &[(&str, &str)] = &[
    ("ox", "oxen"),
    ("man", "men"),
    ("woman", "women"),
    ("die", "dice"),
    ("yes", "yeses"),
    ("foot", "feet"),
    ("eave", "eaves"),
    ("goose", "geese"),
    ("tooth", "teeth"),
    ("quiz", "quizzes"),
];

/// The plural of an English word, by suffix rules.
pub(crate) fn plural(word: &str) -> String {
    if let Some(pos) = word.rfind(['-', '_']) {
        let (prefix, last) = word.split_at(pos + 1);
        if last.is_empty() {
            return word.to_string();
        }
        return format!("{prefix}{}", plural(last));
    }
    if UNCOUNTABLE.contains(&word) {
        return word.to_string();
    }
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, _)| *s == word) {
        return p.to_string();
    }
    plural_by_rules(word).unwrap_or_else(|| format!("{word}s"))
}

/// The stem left when `word` ends with one of `stems` followed by one of `endings`.
fn stem_before<'a>(word: &'a str, stems: &[&str], endings: &[&str]) -> Option<&'a str> {
    endings.iter().find_map(|e| {
        let rest = word.strip_suffix(e)?;
        stems.iter().any(|s| rest.ends_with(s)).then_some(rest)
    })
}

/// The character before the last `n` bytes, if any.
fn char_before(word: &str, n: usize) -> Option<char> {
    word.get(..word.len().checked_sub(n)?)?.chars().next_back()
}

/// The suffix rules, most specific first: the first that applies decides.
fn plural_by_rules(w: &str) -> Option<String> {
    let keep = || Some(w.to_string());
    let vowel = |c: char| "aeiou".contains(c);
    // -eaux stays.
    if w.ends_with("eaux") {
        return keep();
    }
    // child(ren)
    if let Some(s) = stem_before(w, &["child"], &["ren", ""]) {
        return Some(format!("{s}ren"));
    }
    // person / people
    if let Some(s) = stem_before(w, &["pe"], &["rson", "ople"]) {
        return Some(format!("{s}ople"));
    }
    // mouse / louse / mice
    if let Some(s) = stem_before(w, &["m", "l"], &["ice", "ouse"]) {
        return Some(format!("{s}ice"));
    }
    // matrix, index, vertex, appendix ...
    if let Some(s) = stem_before(w, &["matr", "cod", "mur", "sil", "vert", "ind", "append"], &["ix", "ex"]) {
        return Some(format!("{s}ices"));
    }
    // already -xes, -ches, ...
    if ["x", "ch", "ss", "sh", "zz"].iter().any(|e| w.strip_suffix("es").is_some_and(|r| r.ends_with(e))) {
        return keep();
    }
    if ["x", "ch", "ss", "sh", "zz"].iter().any(|e| w.ends_with(e)) {
        return Some(format!("{w}es"));
    }
    // -ley, -ney ... (not after c or h)
    if let Some(s) = w.strip_suffix("ey") {
        let b: Vec<char> = s.chars().rev().take(3).collect();
        if b.len() == 3 && "ln".contains(b[0]) && "ieo".contains(b[1]) && !"ch".contains(b[2]) {
            return Some(format!("{s}ies"));
        }
    }
    // consonant + y, quy
    if let Some(s) = w.strip_suffix('y') {
        if s.ends_with("qu") || s.chars().next_back().is_some_and(|c| !"aeiouy".contains(c)) {
            return Some(format!("{s}ies"));
        }
    }
    // -f -> -ves
    if let Some(s) = stem_before(w, &["ar", "l", "ea", "eo", "oa", "hoo"], &["f"]) {
        return Some(format!("{s}ves"));
    }
    if let Some(s) = stem_before(w, &["kni", "wi", "li"], &["fe"]) {
        return Some(format!("{s}ves"));
    }
    if let Some(s) = w.strip_suffix("sis") {
        return Some(format!("{s}ses"));
    }
    let latin_on = [
        "apheli",
        "hyperbat",
        "periheli",
        "asyndet",
        "noumen",
        "phenomen",
        "criteri",
        "organ",
        "prolegomen",
        "hedr",
        "automat",
    ];
    if let Some(s) = stem_before(w, &latin_on, &["a", "on"]) {
        return Some(format!("{s}a"));
    }
    let latin_um = [
        "agend",
        "addend",
        "millenni",
        "dat",
        "extrem",
        "bacteri",
        "desiderat",
        "strat",
        "candelabr",
        "errat",
        "ov",
        "symposi",
        "curricul",
        "automat",
        "quor",
    ];
    if let Some(s) = stem_before(w, &latin_um, &["a", "um"]) {
        return Some(format!("{s}a"));
    }
    if let Some(s) = stem_before(w, &["her", "at", "gr"], &["o"]) {
        return Some(format!("{s}oes"));
    }
    if let Some(s) = stem_before(w, &["seraph", "cherub"], &["im", ""]) {
        return Some(format!("{s}im"));
    }
    if let Some(s) = stem_before(w, &["alumn", "alg", "vertebr"], &["a", "ae"]) {
        return Some(format!("{s}ae"));
    }
    let latin_us = [
        "alumn", "syllab", "octop", "vir", "radi", "nucle", "fung", "cact", "stimul", "termin", "bacill", "foc",
        "uter", "loc", "strat",
    ];
    if let Some(s) = stem_before(w, &latin_us, &["us", "i"]) {
        return Some(format!("{s}i"));
    }
    // -ias (not after l), -las after a vowel, -[emjzr]as, -[iu]am stay.
    if let Some(s) = w.strip_suffix("ias") {
        if s.chars().next_back().is_some_and(|c| c != 'l') {
            return keep();
        }
    }
    if w.ends_with("las") && char_before(w, 3).is_some_and(vowel) {
        return keep();
    }
    if w.ends_with("as") && char_before(w, 2).is_some_and(|c| "emjzr".contains(c)) {
        return keep();
    }
    if w.ends_with("am") && char_before(w, 2).is_some_and(|c| "iu".contains(c)) {
        return keep();
    }
    // emu, menu (with or without s)
    for base in [w.strip_suffix('s').unwrap_or(w), w] {
        if base.ends_with("emu") || base.ends_with("enu") {
            return Some(format!("{base}s"));
        }
    }
    if w.ends_with("alias") || w.ends_with("tlas") || w.ends_with("gas") || w.ends_with("ris") {
        return Some(format!("{w}es"));
    }
    if w.ends_with("us") && char_before(w, 2).is_some_and(|c| !"aou".contains(c)) {
        return Some(format!("{w}es"));
    }
    if let Some(s) = stem_before(w, &["ax", "test"], &["is"]) {
        return Some(format!("{s}es"));
    }
    if w.ends_with("ese") && char_before(w, 3).is_some_and(|c| !vowel(c)) {
        return keep();
    }
    if w.ends_with('s') {
        return keep();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel() {
        assert_eq!(camel_case("PostableEntity"), "postableEntity");
        assert_eq!(camel_case("Post2"), "post2");
        assert_eq!(camel_case("user_profile"), "userProfile");
        assert_eq!(camel_case("FOO_BAR"), "fooBar");
        assert_eq!(camel_case("HTTPRequest"), "httprequest");
    }

    #[test]
    fn plurals() {
        for (s, p) in [
            ("post", "posts"),
            ("post2", "post2s"),
            ("category", "categories"),
            ("box", "boxes"),
            ("person", "people"),
            ("child", "children"),
            ("status", "statuses"),
            ("sheep", "sheep"),
            ("leaf", "leaves"),
            ("knife", "knives"),
            ("axis", "axes"),
            ("ox", "oxen"),
            ("day", "days"),
            ("user", "users"),
            ("news", "news"),
            ("matrix", "matrices"),
            ("datum", "data"),
            ("hero", "heroes"),
            ("alias", "aliases"),
            ("menu", "menus"),
            ("mouse", "mice"),
        ] {
            assert_eq!(plural(s), p, "{s}");
        }
    }
}
