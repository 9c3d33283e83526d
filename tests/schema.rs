//! The JSON Schema of planlint.toml is committed for editors; it must match
//! what the config types generate, and it must accept real configs.

use std::path::Path;

fn generated() -> String {
    planlint::config::json_schema()
}

#[test]
fn the_committed_schema_matches_the_config_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("planlint.schema.json");
    let committed = std::fs::read_to_string(&path).expect("planlint.schema.json exists");
    assert!(
        committed == generated(),
        "planlint.schema.json is stale: run `cargo run -- schema > planlint.schema.json`"
    );
}

#[test]
fn the_schema_accepts_the_demo_config_and_rejects_typos() {
    let schema: serde_json::Value = serde_json::from_str(&generated()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let demo = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo/planlint.toml"),
    )
    .expect("demo config");
    let as_json = |toml_text: &str| -> serde_json::Value {
        let table: toml::Table = toml::from_str(toml_text).expect("toml");
        serde_json::to_value(table).expect("json")
    };
    assert!(validator.is_valid(&as_json(&demo)));
    assert!(!validator.is_valid(&as_json("[files]\nteams = [\"x\"]\n")));
    assert!(!validator.is_valid(&as_json("[[source]]\nkind = \"goal\"\npahts = [\"x\"]\n")));
    assert!(!validator.is_valid(&as_json(
        "[[source]]\nkind = \"goal\"\nmode = \"rows\"\npaths = [\"x\"]\n"
    )));
    assert!(validator.is_valid(&as_json(
        "[[source]]\nkind = \"goal\"\nmode = \"table\"\npaths = [\"R.md\"]\n[source.fields]\nowner = { column = \"Champion\", map = { \"?\" = \"tbd\" } }\nwhy = [\"motivation\"]\n"
    )));
    assert!(!validator.is_valid(&as_json("[rules.team-size]\nmax = \"eight\"\n")));
    assert!(!validator.is_valid(&as_json("[rules.team-size]\nmaxx = 8\n")));
    assert!(validator.is_valid(&as_json(
        "[rules.team-size]\nmax = 8\nlevel = \"warning\"\n"
    )));
}

#[test]
fn the_readme_configuration_example_is_a_valid_config() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a TOML example");
    let config: planlint::config::Config =
        toml::from_str(example).expect("the README example parses as a config");
    assert_eq!(config.rule_dirs, ["planning/rules"]);
    assert_eq!(config.ignore.len(), 1);
    let schema: serde_json::Value = serde_json::from_str(&generated()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let table: toml::Table = toml::from_str(example).expect("toml");
    assert!(validator.is_valid(&serde_json::to_value(table).expect("json")));
}
