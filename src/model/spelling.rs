//! Enumerations spelled as text: one list of `Variant => "text"` per enum, declared with
//! [`canonical_enum!`], gives the enum, the list of all its variants, the spelling of each
//! variant, the exact parse back, `Display` and the serde name. The text a report prints, the
//! text a sheet writes, the JSON name and the text a parser accepts are therefore one string
//! and cannot drift apart.
//!
//! [`Canonical`] is the same list seen from generic code, for helpers that work on any such
//! enum (the "accepted" list of an error message, the policy table's loose parse).

/// An enum declared with [`canonical_enum!`]: its variants and their spellings.
pub trait Canonical: Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];

    /// The one spelling of a variant.
    fn as_str(self) -> &'static str;

    /// The variant spelled exactly `text`.
    fn from_canonical(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == text)
    }

    /// Every spelling, in declaration order, separated by ", ": what an error message lists
    /// as accepted.
    fn accepted() -> String {
        Self::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Declares an enum whose variants are spelled as text:
///
/// ```ignore
/// canonical_enum!(
///     /// Doc comment and attributes of the enum.
///     Status {
///         New => "new",
///         InProgress => "in_progress",
///     }
/// );
/// ```
///
/// makes `pub enum Status` (deriving `Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd,
/// Ord`, and serde's `Serialize, Deserialize` under the same spelling), and
/// - `Status::ALL`: every variant in declaration order, as an array;
/// - `Status::as_str`: the spelling (a `const fn`);
/// - `Status::from_canonical`: the variant spelled exactly so, else `None`;
/// - `Display`, writing the spelling;
/// - [`Canonical`], for generic helpers.
macro_rules! canonical_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The variant's one spelling: in reports, sheets, JSON and when parsing.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The variant spelled exactly `text` (no trimming, no case folding).
            pub fn from_canonical(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::model::spelling::Canonical for $name {
            const ALL: &'static [$name] = &$name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn from_canonical(text: &str) -> Option<$name> {
                $name::from_canonical(text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use canonical_enum;

#[cfg(test)]
mod tests {
    use super::Canonical;

    canonical_enum!(
        /// A test enum.
        Sample {
            One => "one",
            TwoWords => "two_words",
        }
    );

    #[test]
    fn one_list_gives_all_spellings_parse_display_and_json() {
        assert_eq!(Sample::ALL, [Sample::One, Sample::TwoWords]);
        assert_eq!(<Sample as Canonical>::ALL, &Sample::ALL);
        assert_eq!(Sample::TwoWords.as_str(), "two_words");
        assert_eq!(Sample::TwoWords.to_string(), "two_words");
        assert_eq!(Sample::from_canonical("two_words"), Some(Sample::TwoWords));
        assert_eq!(Sample::from_canonical("Two_Words"), None);
        assert_eq!(Sample::accepted(), "one, two_words");
        for v in Sample::ALL {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
            assert_eq!(serde_json::from_str::<Sample>(&json).unwrap(), v);
        }
    }
}
