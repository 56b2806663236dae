//! `cvpn up --dry-run`: the plan of every step after the pre-flight, with EC2's permission check
//! of the create when the server certificate is in ACM already. Nothing is made or changed.

use serde_json::{Value, json};

use super::preflight::Found;
use super::steps::{create_request, wanted_rules};
use super::{Settled, UpArgs};
use crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
use crate::aws::Connection;
use crate::aws::ec2::Answer;
use crate::failure::Failure;

pub async fn print(
    connection: &Connection,
    args: &UpArgs,
    settled: &Settled,
    found: &Found,
    options: &crate::output::OutputOptions,
) -> Result<u8, Failure> {
    let (create, verdict, code) = create_step(connection, args, found).await?;
    let generated = args.certificates.server_cert.is_none();
    let wanted_rules = wanted_rules(args, found);
    let routes: Vec<Value> = if args.internet {
        args.subnet_ids
            .iter()
            .map(|subnet| json!({"DestinationCidrBlock": "0.0.0.0/0", "TargetVpcSubnetId": subnet}))
            .collect()
    } else {
        Vec::new()
    };
    let import = match (&found.server_arn, generated) {
        (None, true) => "import the server certificate with its CA, tagged",
        _ => "keep",
    };
    let plan = json!({
        "DryRun": true,
        "Name": args.name,
        "VpcId": found.vpc.id,
        "SubnetIds": args.subnet_ids,
        "ClientCidrBlock": found.client_cidr,
        "Steps": [
            {"Step": "certificates", "Directory": settled.dir.display().to_string(), "User": settled.user,
             "Action": if generated { "make what is missing (CA, server, client)" } else { "use the brought certificates" }},
            {"Step": "import", "Action": import, "CertificateArn": found.server_arn},
            create,
            {"Step": "associate", "SubnetIds": args.subnet_ids},
            {"Step": "authorize", "Cidrs": wanted_rules, "AllGroups": true},
            {"Step": "routes", "Routes": routes},
            {"Step": "export", "ConfigurationFile": settled.config_out.display().to_string()},
        ],
        "CreatePermission": verdict,
    });
    crate::output::printer::result(&crate::output::render(&plan, "up", options)?);
    Ok(code)
}

/// The create step of the plan: keep the endpoint, or the request that would create it, asked of
/// EC2 as a dry run when its certificate's ARN is known; with the verdict and the exit code.
async fn create_step(connection: &Connection, args: &UpArgs, found: &Found) -> Result<(Value, Value, u8), Failure> {
    if let Some(id) = found.endpoint_id() {
        return Ok((json!({"Step": "create-endpoint", "Action": "keep", "ClientVpnEndpointId": id}), Value::Null, 0));
    }
    let arn = found.server_arn.clone().unwrap_or_else(|| "(the ARN the import returns)".to_owned());
    let mut request = create_request(args, found, &arn, "(kept in the VPN's directory)");
    request.remove("ClientToken");
    let (mut verdict, mut code) = (Value::Null, 0);
    if found.server_arn.is_some() {
        let mut checked = request.clone();
        checked.insert("DryRun".to_owned(), Value::Bool(true));
        if let Answer::DryRun(result) = connection.send(&CREATE_CLIENT_VPN_ENDPOINT, &checked, None).await? {
            code = if result.dry_run == crate::api::results::DryRunVerdict::Permitted {
                0
            } else {
                crate::failure::EXIT_DRY_RUN_DENIED
            };
            verdict = json!({"Code": result.code, "Message": result.message});
        }
    }
    Ok((json!({"Step": "create-endpoint", "Action": "create", "Parameters": request}), verdict, code))
}
