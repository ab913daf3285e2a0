//! `--input PATH`: the user's files read once with a progress bar, and the ops that can take
//! them.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use arsenal::Workload;
use arsenal_tuner::inputs::{self, UserInputs};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::UsageError;

/// Reads the files under `paths` (see [`arsenal_tuner::inputs`]), drawing a bar of bytes read to
/// stderr when `visible`. Any problem with a path is a usage error naming it.
pub fn read(paths: &[PathBuf], visible: bool) -> Result<Arc<UserInputs>> {
    let target = match visible {
        true => ProgressDrawTarget::stderr(),
        false => ProgressDrawTarget::hidden(),
    };
    let bar = ProgressBar::with_draw_target(None, target);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} reading --input: {pos:>7}/{len:7} files {msg} {wide_bar} {eta}",
        )
        .expect("a valid template literal"),
    );
    let read = inputs::read(paths, &mut |p| {
        bar.set_length(p.files_total as u64);
        bar.set_position(p.files as u64);
        bar.set_message(format!(
            "{} of {} MiB",
            p.bytes >> 20,
            p.bytes_total.div_ceil(1 << 20)
        ));
    });
    bar.finish_and_clear();
    Ok(Arc::new(
        read.map_err(|e| UsageError(format!("--input {e}")))?,
    ))
}

/// An op, as the registry holds it.
type Op = &'static dyn Workload;

/// The ops a run on the user's files measures, of `selected`. With `named` (the user chose
/// the ops with `--ops`), every one must read bytes: one that takes no input is a usage error
/// naming it. Otherwise those that read bytes and the ceilings (on generated inputs) are
/// measured, and the rest are left out and returned second.
pub fn ops_for(selected: Vec<Op>, named: bool) -> Result<(Vec<Op>, Vec<Op>)> {
    let (mut taken, mut left) = (Vec::new(), Vec::new());
    for op in selected {
        if op.input().takes_bytes() || (!named && op.info().role.ceiling().is_some()) {
            taken.push(op);
        } else if named {
            return Err(no_input(op).into());
        } else {
            left.push(op);
        }
    }
    Ok((taken, left))
}

/// The error for `--input` given to an op that takes none.
pub fn no_input(op: &dyn Workload) -> UsageError {
    UsageError(format!(
        "{} takes no --input: {}",
        op.info().name,
        op.input().note()
    ))
}
