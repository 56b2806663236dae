//! Tags on an endpoint, changed: what `cvpn sleep` records for `cvpn wake` (and `wake` clears).
//! Not Client VPN operations, so not commands of their own.

use aws_sdk_ec2::types::Tag;

use super::{check_whole_answer, plain_call as call, plain_failure as refused};
use crate::aws::connection::Connection;
use crate::failure::Failure;

/// Sets `tags` on resource `id` (CreateTags replaces the value of a key it has).
pub async fn create_tags(connection: &Connection, id: &str, tags: &[(String, String)]) -> Result<(), Failure> {
    let call = call("CreateTags", connection.log());
    let tags = tags.iter().map(|(key, value)| Tag::builder().key(key).value(value).build());
    let request = connection.ec2().create_tags().resources(id).set_tags(Some(tags.collect()));
    request.send().await.map_err(|error| refused(error, &call))?;
    check_whole_answer(&call, "CreateTagsResponse")
}

/// Removes the tags with these keys from resource `id`, whatever their values.
pub async fn delete_tags(connection: &Connection, id: &str, keys: &[String]) -> Result<(), Failure> {
    let call = call("DeleteTags", connection.log());
    let tags = keys.iter().map(|key| Tag::builder().key(key).build());
    let request = connection.ec2().delete_tags().resources(id).set_tags(Some(tags.collect()));
    request.send().await.map_err(|error| refused(error, &call))?;
    check_whole_answer(&call, "DeleteTagsResponse")
}
