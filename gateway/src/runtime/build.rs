//! Build runs: the gateway renders the Dockerfile Core would build, records it and the
//! image name, and sets the function's `spec.image`. It builds no image.

use serde_json::{json, Value};

use digitalhub_tasks::keys::FunctionRef;

use super::dockerfile::render_dockerfile;
use super::{Ending, RunContext, RunFailure};
use crate::run_state::RunState;
use crate::store::Collection;
use crate::timestamp;

/// Builds the image name Core's builder would push, `dhcore-<project>-<function>:<first 5 chars of
/// the run id>`.
// NOTE: Core prefixes the admin-configured registry; the gateway has none.
fn image_name(project: &str, function: &str, run_id: &str) -> String {
    let tag: String = run_id.chars().take(5).collect();
    format!("dhcore-{project}-{function}:{tag}")
}

/// Renders the Dockerfile into the run's log and `status.dockerfile`, sets
/// `status.outputs.image`, completes the run and updates the function's `spec.image`.
///
/// # Errors
/// [`RunFailure`] when no base image can be chosen.
pub async fn execute(context: &mut RunContext) -> Result<Ending, RunFailure> {
    context.report(RunState::Pending, Some("rendering the Dockerfile"));
    let dockerfile = render_dockerfile(&context.spec).map_err(RunFailure)?;

    let function = context
        .spec
        .get("function")
        .and_then(Value::as_str)
        .and_then(|text| FunctionRef::parse(text).ok());
    let function_name = function.as_ref().map_or("function", FunctionRef::name);
    let image = image_name(&context.project, function_name, &context.run_id);

    context.report(RunState::Running, Some("build started"));
    context.log("Dockerfile generated for this build:");
    context.log(dockerfile.trim_end());
    context.log(&format!(
        "the development gateway builds no container image; {image} is the name Core's \
         builder would give it"
    ));

    if let Some(function) = &function {
        let updated = context
            .gateway
            .store
            .update(Collection::Function, function.id(), |stored| {
                stored["spec"]["image"] = json!(image);
                stored["metadata"]["updated"] = json!(timestamp::now());
                Ok::<(), crate::store::StoreError>(())
            });
        if let Err(error) = updated {
            tracing::error!(run = %context.run_id, %error, "could not set the function image");
        }
    }

    context.report_with(RunState::Completed, None, |run| {
        run["status"]["dockerfile"] = json!(dockerfile);
        run["status"]["outputs"] = json!({ "image": image });
    });
    Ok(Ending::Finished)
}
