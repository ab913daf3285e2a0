//! Is the process that began a run still alive?
//!
//! A run killed with `kill -9` never reaches `finish_run`, so "not finished" alone cannot tell a
//! running tune from a dead one. `begin_run` records who is writing: the pid, the process's start
//! time (field 22 of `/proc/<pid>/stat`, clock ticks since boot, so a recycled pid is told apart)
//! and the boot id (`/proc/sys/kernel/random/boot_id`, so pids from before a reboot are not
//! mistaken for live ones). A run is running only while all three still match; elsewhere than
//! Linux nothing can be checked and an unfinished run counts as incomplete.

use std::fs;

/// Who began a run, as recorded in the `runs` table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Writer {
    /// The process id.
    pub pid: Option<i64>,
    /// The process's start time in clock ticks since boot.
    pub start: Option<i64>,
    /// The boot id.
    pub boot_id: Option<String>,
}

impl Writer {
    /// This process.
    pub fn current() -> Writer {
        let pid = std::process::id();
        Writer {
            pid: Some(pid.into()),
            start: process_start(pid.into()),
            boot_id: boot_id(),
        }
    }

    /// Whether the recorded process is still alive on this boot.
    pub fn is_alive(&self) -> bool {
        cfg!(target_os = "linux") && self.is_alive_linux()
    }

    fn is_alive_linux(&self) -> bool {
        let Some(pid) = self.pid else { return false };
        if pid <= 0 || self.boot_id != boot_id() {
            return false;
        }
        if fs::metadata(format!("/proc/{pid}")).is_err() {
            return false;
        }
        // A pid reused by another process has another start time.
        match (self.start, process_start(pid)) {
            (Some(recorded), Some(now)) => recorded == now,
            _ => true,
        }
    }
}

/// The boot id, where readable.
fn boot_id() -> Option<String> {
    let id = fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(id.trim().to_owned())
}

/// Field 22 (`starttime`) of `/proc/<pid>/stat`, where readable.
fn process_start(pid: i64) -> Option<i64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces or ')': skip past the last.
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Fields after the name start at field 3, so starttime is the 20th of them.
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn this_process_is_alive() {
        let me = Writer::current();
        assert!(me.start.is_some());
        assert!(me.is_alive());
    }

    #[test]
    fn a_pid_beyond_pid_max_is_dead() {
        let ghost = Writer {
            pid: Some(i64::from(i32::MAX)),
            ..Writer::current()
        };
        assert!(!ghost.is_alive());
    }

    #[test]
    fn another_boot_is_dead() {
        let before_reboot = Writer {
            boot_id: Some("another-boot".into()),
            ..Writer::current()
        };
        assert!(!before_reboot.is_alive());
    }

    #[test]
    fn a_recycled_pid_is_dead() {
        let me = Writer::current();
        let recycled = Writer {
            start: me.start.map(|s| s + 1),
            ..me
        };
        assert!(!recycled.is_alive());
    }

    #[test]
    fn no_pid_is_dead() {
        assert!(!Writer::default().is_alive());
    }
}
