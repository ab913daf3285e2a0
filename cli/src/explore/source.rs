//! Where the explorer's runs come from: the store, or (in tests) runs held in memory.

use std::path::{Path, PathBuf};

use anyhow::Result;
use arsenal_db::{RunRow, Store};
use arsenal_report::RunData;

use crate::profile;

/// The runs the explorer can show.
pub trait RunSource {
    /// Names the source in the title bar and in messages: the database's path.
    fn label(&self) -> String;
    /// Every run, oldest first.
    fn runs(&self) -> Result<Vec<RunRow>, String>;
    /// Everything stored of `run`.
    fn load(&self, run: &RunRow) -> Result<RunData, String>;
}

/// A profile database opened read-only.
pub struct StoreSource(Store);

impl RunSource for StoreSource {
    fn label(&self) -> String {
        self.0.path().display().to_string()
    }

    fn runs(&self) -> Result<Vec<RunRow>, String> {
        self.0.runs().map_err(|e| e.to_string())
    }

    fn load(&self, run: &RunRow) -> Result<RunData, String> {
        profile::run_data(&self.0, run.clone()).map_err(|e| format!("{e:#}"))
    }
}

/// A database that does not exist: the explorer says how to make one.
pub struct Missing(pub PathBuf);

impl RunSource for Missing {
    fn label(&self) -> String {
        self.0.display().to_string()
    }

    fn runs(&self) -> Result<Vec<RunRow>, String> {
        Ok(Vec::new())
    }

    fn load(&self, run: &RunRow) -> Result<RunData, String> {
        Err(format!("no run {} in a missing database", run.id))
    }
}

/// Runs held in memory (for tests).
#[cfg(test)]
pub struct Memory {
    /// What to call it.
    pub label: String,
    /// The runs, oldest first.
    pub runs: Vec<RunData>,
}

#[cfg(test)]
impl RunSource for Memory {
    fn label(&self) -> String {
        self.label.clone()
    }

    fn runs(&self) -> Result<Vec<RunRow>, String> {
        Ok(self.runs.iter().map(|r| r.run.clone()).collect())
    }

    fn load(&self, run: &RunRow) -> Result<RunData, String> {
        let found = self.runs.iter().find(|r| r.run.id == run.id);
        found.cloned().ok_or_else(|| format!("no run {}", run.id))
    }
}

/// Opens `path`: a missing file is a [`Missing`] source (the explorer explains what to do); a
/// file that is not an Arsenal database is a usage error.
pub fn open(path: &Path) -> Result<Box<dyn RunSource>> {
    if !path.exists() {
        return Ok(Box::new(Missing(path.to_path_buf())));
    }
    let store = profile::open_for_reading(path)?;
    Ok(Box::new(StoreSource(store)))
}
