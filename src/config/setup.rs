//! The answers of `setup` and `plan`: `--answers FILE` read, the flags laid over it, a shared
//! connector filled in, and which face asks the rest.

use std::path::Path;

use super::resolve::{Terminal, export_options, seconds};
use super::{Global, PlanConfig, SetupConfig, SetupFace};
use crate::cli::{DEFAULT_WAIT, PlanCmd, SetupArgs, SetupCmd};
use crate::domain::answers::Draft;
use crate::engine::resolve_share;
use crate::exit::Failure;
use crate::store::profile::ProfileStore;

/// `braze-s3` with no command: the wizard with nothing answered yet.
pub(super) fn wizard(global: &Global, terminal: Terminal) -> Result<SetupConfig, Failure> {
    let cmd = SetupCmd {
        answers: SetupArgs::default(),
        non_interactive: false,
        accessible: false,
        no_store_secret: false,
        show_secret: false,
        wait: DEFAULT_WAIT,
    };
    setup(global, &cmd, terminal)
}

/// `braze-s3 setup`: the face the flags and the terminal ask for, and the answers so far.
pub(super) fn setup(
    global: &Global,
    cmd: &SetupCmd,
    terminal: Terminal,
) -> Result<SetupConfig, Failure> {
    let face = if cmd.non_interactive {
        SetupFace::Flags
    } else if cmd.accessible || terminal.dumb {
        // A terminal that can't draw a full-screen UI gets the same questions as prompts.
        SetupFace::Prompts
    } else if terminal.interactive {
        SetupFace::Wizard
    } else {
        return Err(Failure::usage(vec![
            "the setup wizard needs a terminal: in scripts use `braze-s3 setup --non-interactive` with flags or --answers FILE (see `braze-s3 setup --help`)".to_string(),
        ]));
    };
    let draft = match face {
        // The prompts ask every question themselves.
        SetupFace::Prompts => Draft::default(),
        SetupFace::Wizard | SetupFace::Flags => {
            let mut draft = draft(global, &cmd.answers)?;
            if draft.share_with.is_some() {
                // Sharing a saved connector's credentials: its user, policy, bucket and
                // region, for either face.
                let store =
                    ProfileStore::open(global.aws.config_dir.as_deref(), global.sandbox_asked())
                        .map_err(|e| Failure::runtime(e.to_string()))?;
                resolve_share(&store, &mut draft)?;
            }
            draft
        }
    };
    Ok(SetupConfig {
        face,
        draft,
        store_secret: !cmd.no_store_secret,
        show_secret: cmd.show_secret,
        wait: seconds(cmd.wait),
    })
}

/// `braze-s3 plan`: the answers validated as a whole (offline, a missing region is
/// `us-east-1`).
pub(super) fn plan(global: &Global, cmd: &PlanCmd) -> Result<PlanConfig, Failure> {
    let answers = draft(global, &cmd.answers)?.build()?;
    Ok(PlanConfig {
        answers,
        format: cmd.format.map(Into::into),
        output: export_options(cmd.output.clone()),
    })
}

/// Reads `--answers FILE` (if given) and lays the flags over it, unvalidated.
fn draft(global: &Global, args: &SetupArgs) -> Result<Draft, Failure> {
    let base = match &args.answers {
        Some(path) => read_answers_file(path)?,
        None => Draft::default(),
    };
    Ok(over(args, base, global.aws.region.as_deref()))
}

fn read_answers_file(path: &Path) -> Result<Draft, Failure> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(vec![format!("answers file {shown}: cannot read it: {e}")]))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::usage(vec![format!(
            "answers file {shown}: not valid answers JSON ({e}); see `braze-s3 plan --help` for the fields"
        )])
    })
}

/// Lays the flags over `base` (from `--answers FILE`, or empty): a flag given wins.
fn over(flags: &SetupArgs, mut base: Draft, region: Option<&str>) -> Draft {
    fn set<T: Clone>(slot: &mut Option<T>, flag: &Option<T>) {
        if flag.is_some() {
            slot.clone_from(flag);
        }
    }
    set(&mut base.name, &flags.name);
    set(&mut base.share_with, &flags.share_credentials_with);
    set(&mut base.integration, &flags.integration.map(Into::into));
    set(&mut base.auth, &flags.auth.map(Into::into));
    set(&mut base.bucket, &flags.bucket);
    set(&mut base.region, &region.map(str::to_string));
    set(&mut base.folder, &flags.folder);
    set(&mut base.user_name, &flags.user_name);
    set(&mut base.role_name, &flags.role_name);
    if flags.user_name.is_some() || flags.role_name.is_some() {
        base.default_principal = false;
    }
    set(&mut base.braze_account_id, &flags.braze_account_id);
    set(&mut base.external_id, &flags.external_id);
    set(&mut base.currents_external_id, &flags.currents_external_id);
    set(&mut base.export_external_id, &flags.export_external_id);
    if flags.sse {
        base.sse = Some(true);
    } else if flags.no_sse {
        base.sse = Some(false);
    }
    base.existing_bucket |= flags.existing_bucket;
    base.scope_to_folder |= flags.scope_to_folder;
    base
}
