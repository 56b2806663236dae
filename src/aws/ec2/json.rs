//! SDK answers back into the JSON the aws CLI prints: members in botocore's model order, absent
//! ones left out, as botocore's parser leaves them out.

use serde_json::{Map, Value};

/// Members in order, the absent ones left out, as botocore's parser leaves them out.
#[derive(Default)]
pub struct Object(Map<String, Value>);

impl Object {
    pub fn put(mut self, key: &str, value: Option<Value>) -> Self {
        if let Some(value) = value {
            self.0.insert(key.to_owned(), value);
        }
        self
    }

    pub fn text(self, key: &str, value: Option<&str>) -> Self {
        self.put(key, value.map(|text| Value::String(text.to_owned())))
    }

    pub fn flag(self, key: &str, value: Option<bool>) -> Self {
        self.put(key, value.map(Value::Bool))
    }

    pub fn number(self, key: &str, value: Option<i32>) -> Self {
        self.put(key, value.map(Value::from))
    }

    pub fn texts(self, key: &str, value: Option<&Vec<String>>) -> Self {
        self.put(key, value.map(|items| items.iter().cloned().map(Value::String).collect()))
    }

    pub fn done(self) -> Value {
        Value::Object(self.0)
    }

    /// The members as a document.
    pub fn members(self) -> Map<String, Value> {
        self.0
    }
}

pub fn list<T>(items: Option<&Vec<T>>, each: impl Fn(&T) -> Value) -> Option<Value> {
    items.map(|items| Value::Array(items.iter().map(each).collect()))
}

pub fn status(code: Option<&str>, message: Option<&str>) -> Value {
    Object::default().text("Code", code).text("Message", message).done()
}

/// An SDK status structure (`Code`, `Message`) as JSON.
macro_rules! status_of {
    ($status:expr) => {
        $status.as_ref().map(|status| {
            $crate::aws::ec2::json::status(status.code.as_ref().map(|code| code.as_str()), status.message.as_deref())
        })
    };
}
pub(crate) use status_of;
