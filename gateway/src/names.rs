//! Human-readable run names (`adjective-animal`) for runs created without a name, as Core
//! generates them.

const ADJECTIVES: [&str; 24] = [
    "brave", "calm", "clever", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lively",
    "lucky", "mellow", "nimble", "proud", "quick", "quiet", "rapid", "shiny", "silent", "sturdy",
    "swift", "tidy", "vivid", "witty",
];

const ANIMALS: [&str; 24] = [
    "badger", "beaver", "bison", "camel", "cougar", "crane", "dolphin", "eagle", "falcon",
    "ferret", "gecko", "heron", "ibex", "koala", "lemur", "lynx", "marmot", "otter", "panda",
    "puffin", "raven", "salmon", "tapir", "walrus",
];

/// Picks a name from the random bits of a fresh UUID.
pub fn generate() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let adjective = ADJECTIVES[usize::from(bytes[0]) % ADJECTIVES.len()];
    let animal = ANIMALS[usize::from(bytes[1]) % ANIMALS.len()];
    format!("{adjective}-{animal}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn name_is_two_words() {
        let name = super::generate();
        let parts: Vec<&str> = name.split('-').collect();
        assert_eq!(parts.len(), 2, "{name}");
        assert!(super::ADJECTIVES.contains(&parts[0]));
        assert!(super::ANIMALS.contains(&parts[1]));
    }
}
