//! A JSON Schema (draft-07) of the script format, built from the same key
//! list the validator uses, so editors such as Even Better TOML (taplo)
//! complete and check scripts as you type.

use serde_json::{Map, Value, json};

use super::fields::{self, Field, FieldType};
use super::model::StepKind;
use super::muscles;

/// The schema as pretty-printed JSON.
pub fn json_schema() -> String {
    let steps: Vec<Value> = StepKind::ALL
        .into_iter()
        .map(|kind| {
            let specific = fields::step_fields(kind);
            let mut schema = object(&[fields::STEP_COMMON, specific]);
            schema["properties"]["kind"] = json!({ "const": kind.name(), "description": fields::STEP_COMMON[0].help });
            schema["title"] = json!(format!("{} step", kind.name()));
            schema
        })
        .collect();
    let mut root = object(&[fields::HEADER]);
    root["properties"]["step"] = json!({
        "type": "array",
        "description": "The steps, in order: [[step]] tables.",
        "minItems": 1,
        "maxItems": fields::MAX_COUNT,
        "items": { "oneOf": steps },
    });
    root["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    root["title"] = json!("Respite session script, format 1");
    serde_json::to_string_pretty(&root).expect("schema is plain JSON")
}

fn object(groups: &[&[Field]]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in groups.iter().flat_map(|g| g.iter()) {
        properties.insert(f.name.into(), field(f));
        if f.required {
            required.push(json!(f.name));
        }
    }
    json!({ "type": "object", "additionalProperties": false, "properties": properties, "required": required })
}

fn field(f: &Field) -> Value {
    let mut v = match f.ty {
        FieldType::Text => json!({ "type": "string", "minLength": 1 }),
        FieldType::Integer { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        FieldType::Number { min, max } => json!({ "type": "number", "minimum": min, "maximum": max }),
        FieldType::Choice(options) if f.name == "group" => {
            let _ = options;
            json!({ "enum": muscles::all().map(|g| g.name).collect::<Vec<_>>() })
        }
        FieldType::Choice(options) => json!({ "enum": options }),
        FieldType::AudioPath => json!({ "type": "string", "pattern": "^[^/\\\\:]+(/[^/\\\\:]+)*$" }),
        FieldType::Ambient => json!({ "type": "string", "anyOf": [
            { "enum": ["pink-noise", "brown-noise", "ocean", "rain", "none"] },
            { "pattern": "\\.(wav|ogg|oga|flac|mp3)$" }
        ]}),
        FieldType::Groups => json!({ "anyOf": [
            { "enum": ["16", "7", "4"] },
            { "type": "array", "minItems": 1, "items": { "enum": muscles::all().map(|g| g.name).collect::<Vec<_>>() } }
        ]}),
        FieldType::TextList => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::Table(inner) => object(&[inner]),
        FieldType::Steps => json!({ "type": "array" }),
        FieldType::Tables(inner) => json!({ "type": "array", "items": object(&[inner]) }),
    };
    v["description"] = json!(f.description());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_step_kind_and_header_key() {
        let schema: Value = serde_json::from_str(&json_schema()).unwrap();
        let kinds: Vec<_> = schema["properties"]["step"]["items"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["properties"]["kind"]["const"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(kinds, fields::STEP_KINDS);
        for f in fields::HEADER {
            assert!(schema["properties"].get(f.name).is_some(), "{}", f.name);
        }
        assert_eq!(schema["additionalProperties"], json!(false));
    }
}
