//! The muscle-group catalogue for progressive muscle relaxation: the
//! standard 16-, 7- and 4-group sequences (Bernstein & Borkovec), how to
//! tense each group, and which body regions it covers for the body map.
//! "Dominant" is drawn on the right side of the body map.

/// Areas of the body map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Forehead,
    Eyes,
    Jaw,
    Neck,
    Chest,
    Abdomen,
    RightUpperArm,
    RightForearm,
    LeftUpperArm,
    LeftForearm,
    RightThigh,
    RightCalf,
    RightFoot,
    LeftThigh,
    LeftCalf,
    LeftFoot,
}

/// One muscle group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MuscleGroup {
    /// Canonical lower-case name, used in scripts.
    pub name: &'static str,
    /// How to tense it, as an instruction.
    pub tense: &'static str,
    /// Body-map regions it covers.
    pub regions: &'static [Region],
    /// Words that select it in a skip list, besides its name.
    pub keywords: &'static [&'static str],
}

use Region::*;

const fn group(
    name: &'static str,
    tense: &'static str,
    regions: &'static [Region],
    keywords: &'static [&'static str],
) -> MuscleGroup {
    MuscleGroup { name, tense, regions, keywords }
}

const ARM: &[&str] = &["arm", "arms", "hand", "hands", "wrist", "forearm", "upper arm", "elbow"];
/// Leg groups that tense the whole leg press the heel down, which pulls on
/// the lower back: "lower back" and "sciatica" leave them out too.
const LEG: &[&str] =
    &["leg", "legs", "thigh", "calf", "calves", "foot", "feet", "toes", "knee", "lower back", "sciatica"];
const FACE: &[&str] = &["face", "head"];

pub const SIXTEEN: &[MuscleGroup] = &[
    group(
        "dominant hand and forearm",
        "Make a fist with your dominant hand",
        &[RightForearm],
        &["hand", "hands", "forearm", "wrist", "arm", "arms"],
    ),
    group(
        "dominant upper arm",
        "Bend your dominant arm and press the elbow into the chair or the bed",
        &[RightUpperArm],
        &["upper arm", "elbow", "arm", "arms"],
    ),
    group(
        "non-dominant hand and forearm",
        "Make a fist with your other hand",
        &[LeftForearm],
        &["hand", "hands", "forearm", "wrist", "arm", "arms"],
    ),
    group(
        "non-dominant upper arm",
        "Bend your other arm and press the elbow into the chair or the bed",
        &[LeftUpperArm],
        &["upper arm", "elbow", "arm", "arms"],
    ),
    group("forehead", "Raise your eyebrows, as if surprised", &[Forehead], &["forehead", "face", "head"]),
    group(
        "upper cheeks and nose",
        "Squeeze your eyes shut and wrinkle your nose",
        &[Eyes],
        &["eyes", "cheeks", "nose", "face", "head"],
    ),
    group(
        "lower cheeks and jaw",
        "Rest your back teeth lightly together and pull your lips wide",
        &[Jaw],
        &["jaw", "mouth", "teeth", "cheeks", "face", "head"],
    ),
    group(
        "neck and throat",
        "Gently pull your chin down towards your chest, while stopping it from touching",
        &[Neck],
        &["neck", "throat"],
    ),
    group(
        "chest, shoulders and upper back",
        "Draw your shoulder blades together and tighten your chest, breathing easily",
        &[Chest],
        &["chest", "shoulders", "upper back", "back", "trunk"],
    ),
    group(
        "abdomen",
        "Tighten your stomach muscles, as if bracing for a gentle push",
        &[Abdomen],
        &["abdomen", "stomach", "belly", "lower back", "sciatica", "back", "trunk"],
    ),
    group(
        "dominant thigh",
        "Press your dominant heel gently down and tighten the thigh, without lifting",
        &[RightThigh],
        &["thigh", "leg", "legs", "knee", "lower back", "sciatica"],
    ),
    group(
        "dominant calf",
        "With the knee bent, pull the toes of your dominant foot up",
        &[RightCalf],
        &["calf", "calves", "leg", "legs", "sciatica"],
    ),
    group(
        "dominant foot",
        "With the knee bent, press the ball of your dominant foot gently down",
        &[RightFoot],
        &["foot", "feet", "toes", "leg", "legs", "sciatica"],
    ),
    group(
        "non-dominant thigh",
        "Press your other heel gently down and tighten the thigh, without lifting",
        &[LeftThigh],
        &["thigh", "leg", "legs", "knee", "lower back", "sciatica"],
    ),
    group(
        "non-dominant calf",
        "With the knee bent, pull the toes of your other foot up",
        &[LeftCalf],
        &["calf", "calves", "leg", "legs", "sciatica"],
    ),
    group(
        "non-dominant foot",
        "With the knee bent, press the ball of your other foot gently down",
        &[LeftFoot],
        &["foot", "feet", "toes", "leg", "legs", "sciatica"],
    ),
];

pub const SEVEN: &[MuscleGroup] = &[
    group("dominant arm", "Make a fist with your dominant hand and bend the arm", &[RightForearm, RightUpperArm], ARM),
    group("non-dominant arm", "Make a fist with your other hand and bend the arm", &[LeftForearm, LeftUpperArm], ARM),
    group(
        "face",
        "Raise your eyebrows, squeeze your eyes shut, and bring your back teeth lightly together",
        &[Forehead, Eyes, Jaw],
        &["face", "head", "forehead", "eyes", "jaw", "mouth"],
    ),
    group(
        "neck",
        "Gently pull your chin down towards your chest, while stopping it from touching",
        &[Neck],
        &["neck", "throat"],
    ),
    group(
        "chest, shoulders, upper back and abdomen",
        "Draw your shoulder blades together and tighten your stomach, breathing easily",
        &[Chest, Abdomen],
        &["chest", "shoulders", "back", "upper back", "lower back", "sciatica", "abdomen", "stomach", "belly", "trunk"],
    ),
    group(
        "dominant leg",
        "Press your dominant heel gently down and tighten the leg, without lifting it",
        &[RightThigh, RightCalf, RightFoot],
        LEG,
    ),
    group(
        "non-dominant leg",
        "Press your other heel gently down and tighten the leg, without lifting it",
        &[LeftThigh, LeftCalf, LeftFoot],
        LEG,
    ),
];

pub const FOUR: &[MuscleGroup] = &[
    group(
        "arms",
        "Make fists with both hands and bend both arms",
        &[RightForearm, RightUpperArm, LeftForearm, LeftUpperArm],
        ARM,
    ),
    group(
        "face and neck",
        "Raise your eyebrows, squeeze your eyes shut, back teeth lightly together, chin drawn down",
        &[Forehead, Eyes, Jaw, Neck],
        &["face", "head", "neck", "forehead", "eyes", "jaw", "mouth", "throat"],
    ),
    group(
        "trunk",
        "Draw your shoulder blades together and tighten your stomach, breathing easily",
        &[Chest, Abdomen],
        &["chest", "shoulders", "back", "upper back", "lower back", "sciatica", "abdomen", "stomach", "belly", "trunk"],
    ),
    group(
        "legs",
        "Press both heels gently down and tighten your thighs, without lifting your legs",
        &[RightThigh, RightCalf, RightFoot, LeftThigh, LeftCalf, LeftFoot],
        LEG,
    ),
];

/// A standard sequence by its name in scripts: "16", "7" or "4".
pub fn sequence(name: &str) -> Option<&'static [MuscleGroup]> {
    match name {
        "16" => Some(SIXTEEN),
        "7" => Some(SEVEN),
        "4" => Some(FOUR),
        _ => None,
    }
}

/// Every group in every sequence.
pub fn all() -> impl Iterator<Item = &'static MuscleGroup> {
    SIXTEEN.iter().chain(SEVEN).chain(FOUR)
}

/// Looks a group up by its canonical name.
pub fn find(name: &str) -> Option<&'static MuscleGroup> {
    all().find(|g| g.name == name)
}

/// A muscle group, as scripts, timelines and views name it: a handle on
/// its catalogue entry, so nothing looks a group up by name twice.
#[derive(Clone, Copy)]
pub struct GroupId(&'static MuscleGroup);

impl GroupId {
    /// The group with this canonical name.
    pub fn find(name: &str) -> Option<GroupId> {
        find(name).map(GroupId)
    }

    /// The canonical lower-case name, as scripts write it.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// Its catalogue entry: tensing words, body-map regions, keywords.
    pub fn group(self) -> &'static MuscleGroup {
        self.0
    }
}

impl From<&'static MuscleGroup> for GroupId {
    fn from(group: &'static MuscleGroup) -> Self {
        GroupId(group)
    }
}

// Names are unique across the catalogue (a unit test checks), so they are
// the identity.
impl PartialEq for GroupId {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for GroupId {}

impl std::hash::Hash for GroupId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::fmt::Debug for GroupId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GroupId({:?})", self.name())
    }
}

/// Every word a skip list may use: group names and keywords.
pub fn skip_words() -> impl Iterator<Item = &'static str> {
    all().flat_map(|g| std::iter::once(g.name).chain(g.keywords.iter().copied())).chain(FACE.iter().copied())
}

impl MuscleGroup {
    /// Whether a skip-list entry selects this group.
    pub fn matches_skip(&self, word: &str) -> bool {
        let word = word.trim().to_lowercase();
        self.name == word || self.keywords.contains(&word.as_str())
    }

    /// The group's name with a capital first letter, for the pacer.
    pub fn title(&self) -> String {
        let mut chars = self.name.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_have_their_sizes_and_unique_names() {
        assert_eq!(SIXTEEN.len(), 16);
        assert_eq!(SEVEN.len(), 7);
        assert_eq!(FOUR.len(), 4);
        let mut names: Vec<_> = all().map(|g| g.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "group names must be unique across sequences");
    }

    #[test]
    fn tensing_instructions_can_be_taken_in_at_a_glance() {
        for g in all() {
            let words = g.tense.split_whitespace().count();
            assert!(words <= 16, "{}: {words} words", g.name);
        }
    }

    #[test]
    fn skip_words_select_groups() {
        let legs: Vec<_> = SEVEN.iter().filter(|g| g.matches_skip("Legs")).map(|g| g.name).collect();
        assert_eq!(legs, ["dominant leg", "non-dominant leg"]);
        assert!(find("abdomen").unwrap().matches_skip("stomach"));
    }

    #[test]
    fn lower_back_and_sciatica_leave_out_the_legs_that_pull_on_the_back() {
        for word in ["lower back", "Sciatica"] {
            for sequence in [SIXTEEN, SEVEN, FOUR] {
                let left: Vec<_> = sequence.iter().filter(|g| !g.matches_skip(word)).map(|g| g.name).collect();
                assert!(!left.iter().any(|n| n.contains("leg") || n.contains("thigh")), "{word}: {left:?}");
                assert!(!left.iter().any(|n| n.contains("abdomen") || *n == "trunk"), "{word}: {left:?}");
            }
        }
    }

    #[test]
    fn no_group_asks_for_a_leg_raise_pressed_teeth_or_pointed_toes() {
        for g in all() {
            let t = g.tense.to_lowercase();
            for risky in ["lift your", "lift both", "press your teeth", "point the toes", "curl"] {
                assert!(!t.contains(risky), "{}: `{risky}` in {:?}", g.name, g.tense);
            }
        }
    }
}
