//! `Text` and `List`: the two value types of the knowledge model, each either borrowed from the
//! built-in facts (static data that `build.rs` writes, so start-up parses and allocates nothing) or
//! owned (read from an overlay, or a built-in list an overlay added to).
//!
//! `build.rs` compiles this file too, so keep it free of imports from the crate.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string of the knowledge: `&'static str` for the built-in facts, owned for an overlay's.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Text(Cow<'static, str>);

impl Text {
    /// Text borrowed from static data, as the generated built-in facts write it.
    pub(crate) const fn borrowed(text: &'static str) -> Text {
        Text(Cow::Borrowed(text))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Cow::Owned(text))
    }
}

impl From<&'static str> for Text {
    fn from(text: &'static str) -> Text {
        Text::borrowed(text)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// A list of the knowledge: a static slice for the built-in facts, a `Vec` once an overlay
/// changes it. Cloning a borrowed list copies a pointer.
///
/// The field is visible to the generated facts, which write `List(Cow::Borrowed(&[...]))`: unlike
/// a call of [`List::borrowed`], a constructor extends the slice's lifetime to the static's.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct List<T: Clone + 'static>(pub(super) Cow<'static, [T]>);

impl<T: Clone + 'static> List<T> {
    /// A list borrowed from static data, as the generated built-in facts write it.
    pub(crate) const fn borrowed(items: &'static [T]) -> List<T> {
        List(Cow::Borrowed(items))
    }

    /// The list to change in place: a borrowed one is copied first (its items' `Text`s still
    /// borrow, so the copy allocates the one `Vec` and no strings).
    pub(crate) fn to_mut(&mut self) -> &mut Vec<T> {
        self.0.to_mut()
    }

    /// The items, owned: free for an owned list, a copy for a borrowed one.
    pub(crate) fn into_vec(self) -> Vec<T> {
        self.0.into_owned()
    }
}

impl<T: Clone + 'static> Default for List<T> {
    fn default() -> List<T> {
        List::borrowed(&[])
    }
}

impl<T: Clone + 'static> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: Clone + 'static> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> List<T> {
        List(Cow::Owned(items))
    }
}

impl<'a, T: Clone + 'static> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Clone + fmt::Debug + 'static> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<T: Clone + Serialize + 'static> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Clone + Deserialize<'de> + 'static> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List<T>, D::Error> {
        Vec::deserialize(deserializer).map(List::from)
    }
}
