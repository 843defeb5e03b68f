//! [`Name`]: the string type of names and short literals in the AST and the IR.
//!
//! A schema repeats the same few names many times (field names, type names, attribute names,
//! `Desc`, `Cascade`...). A `Name` is one pointer to a shared, reference-counted string, so that
//! every copy of a name, in the AST and in the IR, costs 8 bytes; the parser hands out one shared
//! string per distinct name ([`NameCache`]). An inline small string would take 24 bytes for every
//! copy.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use triomphe::ThinArc;

/// An immutable, cheaply cloned string: a thin pointer to a shared UTF-8 buffer.
#[derive(Clone)]
pub struct Name(ThinArc<(), u8>);

impl Name {
    pub fn new(text: &str) -> Name {
        Name(ThinArc::from_header_and_slice((), text.as_bytes()))
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: the buffer is only ever built from a `&str` (`Name::new`), and never changed.
        unsafe { std::str::from_utf8_unchecked(&self.0.slice) }
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for Name {
    fn default() -> Self {
        Name::new("")
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.0.ptr() == other.0.ptr() || self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

/// Hashes as the `str` it holds, so that maps keyed by `Name` can be searched with a `&str`.
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_owned()
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Name {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Name::new(&text))
    }
}

/// Hands out one shared [`Name`] per distinct string: what the parser uses, so that a name written
/// a thousand times is stored once.
#[derive(Default)]
pub struct NameCache {
    names: std::collections::HashSet<Name, std::hash::BuildHasherDefault<crate::ir::FxHasher>>,
}

impl NameCache {
    pub fn get(&mut self, text: &str) -> Name {
        if let Some(name) = self.names.get(text) {
            return name.clone();
        }
        let name = Name::new(text);
        self.names.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_pointer_and_compares_as_its_text() {
        assert_eq!(std::mem::size_of::<Name>(), 8);
        assert_eq!(std::mem::size_of::<Option<Name>>(), 8);
        let mut cache = NameCache::default();
        let (a, b) = (cache.get("userId"), cache.get("userId"));
        assert!(a.0.ptr() == b.0.ptr(), "the cache shares one string per name");
        assert_eq!(a, Name::new("userId"));
        assert_eq!(a, "userId");
        assert_eq!(&*Name::new("é"), "é");
        assert_eq!(Name::default(), "");
        let mut map = std::collections::HashMap::new();
        map.insert(a, 1);
        assert_eq!(map.get("userId"), Some(&1));
    }
}
