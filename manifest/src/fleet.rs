//! A fleet manifest: manifests tuned on different hosts in one file, one table per host (CPU
//! vendor, family, model and features), for a program that ships to several kinds of server. A
//! build wires every table and picks, once at start-up, the one that serves the running CPU
//! ([`crate::serving`]); on a CPU no table serves, runtime dispatch. `arsenal manifest --merge`
//! writes it; `docs/manifest.md` documents the format.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::manifest::{Manifest, ManifestError, ManifestHost, SCHEMA_VERSION};
use crate::serving::{serving, CpuModel};
use crate::strategy::Strategy;

/// Manifests of different hosts, schema version [`SCHEMA_VERSION`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fleet {
    /// The schema version, [`SCHEMA_VERSION`] (each table carries it too).
    pub schema: u32,
    /// The Arsenal version that merged it.
    pub arsenal: String,
    /// One manifest per host, in the order merged.
    pub fleet: Vec<Manifest>,
}

/// What `ARSENAL_MANIFEST` may name: one host's manifest, or a fleet of them.
#[derive(Clone, Debug, PartialEq)]
pub enum ManifestFile {
    /// One host's manifest: a build wires it whatever CPU runs it.
    Host(Box<Manifest>),
    /// Several hosts' manifests: a build wires the table of the running CPU.
    Fleet(Fleet),
}

/// Just the keys that tell the two forms apart, read first.
#[derive(Deserialize)]
struct Probe {
    schema: u32,
    #[serde(default)]
    fleet: Option<serde::de::IgnoredAny>,
}

impl ManifestFile {
    /// Parses and validates either form.
    ///
    /// # Errors
    /// As [`Manifest::from_json`]; for a fleet also [`Fleet::validate`]'s faults.
    pub fn from_json(text: &str) -> Result<ManifestFile, ManifestError> {
        let probe: Probe = serde_json::from_str(text)?;
        if probe.schema != SCHEMA_VERSION {
            return Err(ManifestError::Schema {
                found: probe.schema,
            });
        }
        if probe.fleet.is_none() {
            return Manifest::from_json(text).map(|m| ManifestFile::Host(Box::new(m)));
        }
        let fleet: Fleet = serde_json::from_str(text)?;
        fleet.validate()?;
        Ok(ManifestFile::Fleet(fleet))
    }

    /// The manifests: one, or the fleet's.
    pub fn tables(&self) -> &[Manifest] {
        match self {
            ManifestFile::Host(manifest) => std::slice::from_ref(&**manifest),
            ManifestFile::Fleet(fleet) => &fleet.fleet,
        }
    }

    /// The strategy of the plain entry points, which every table of a fleet shares.
    pub fn default_strategy(&self) -> Strategy {
        self.tables()[0].default_strategy
    }
}

impl Fleet {
    /// Merges manifests and fleets, each named by where it came from (its path), into one
    /// fleet, flattening fleets.
    ///
    /// # Errors
    /// One line naming the inputs at fault: two tables for the same host, or tables whose
    /// default strategies differ.
    pub fn merge(inputs: Vec<(String, ManifestFile)>, arsenal: &str) -> Result<Fleet, String> {
        let mut fleet: Vec<Manifest> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for (source, file) in inputs {
            for table in file.tables() {
                if let Some(i) = fleet.iter().position(|t| same_host(&t.host, &table.host)) {
                    return Err(format!(
                        "{} and {source} are both tuned on {}: a fleet has one table per host \
                         (merge one of them)",
                        sources[i],
                        HostKey(&table.host)
                    ));
                }
                if let Some(first) = fleet.first() {
                    if first.default_strategy != table.default_strategy {
                        return Err(format!(
                            "{} defaults to {} and {source} to {}: a fleet's plain entry points \
                             use one strategy (write them with the same --default-strategy)",
                            sources[0], first.default_strategy, table.default_strategy
                        ));
                    }
                }
                fleet.push(table.clone());
                sources.push(source.clone());
            }
        }
        if fleet.is_empty() {
            return Err("nothing to merge".to_string());
        }
        Ok(Fleet {
            schema: SCHEMA_VERSION,
            arsenal: arsenal.to_string(),
            fleet,
        })
    }

    /// The fleet as indented JSON, the form `arsenal manifest --merge` writes.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect(
            "a manifest has string map keys only, and JSON writes non-finite numbers as null",
        )
    }

    /// Checks each table as [`Manifest::validate`] does, and that the fleet has a table, one per
    /// host, all of one default strategy.
    ///
    /// # Errors
    /// The first rule broken; a table's fault names the table by its host.
    pub fn validate(&self) -> Result<(), ManifestError> {
        let fault = |message: String| ManifestError::Semantic {
            op: String::new(),
            message,
        };
        if self.schema != SCHEMA_VERSION {
            return Err(ManifestError::Schema { found: self.schema });
        }
        if self.fleet.is_empty() {
            return Err(fault("the fleet has no table".to_string()));
        }
        for (i, table) in self.fleet.iter().enumerate() {
            table.validate().map_err(|e| match e {
                ManifestError::Semantic { op, message } => ManifestError::Semantic {
                    op: String::new(),
                    message: format!(
                        "table {} ({}): {}",
                        i + 1,
                        HostKey(&table.host),
                        ManifestError::Semantic { op, message }
                    ),
                },
                other => other,
            })?;
            if let Some(j) = self.fleet[..i]
                .iter()
                .position(|t| same_host(&t.host, &table.host))
            {
                return Err(fault(format!(
                    "tables {} and {} are both for {}: a fleet has one table per host",
                    j + 1,
                    i + 1,
                    HostKey(&table.host)
                )));
            }
            if table.default_strategy != self.fleet[0].default_strategy {
                return Err(fault(format!(
                    "table {} defaults to {} and table 1 to {}: a fleet's plain entry points use \
                     one strategy",
                    i + 1,
                    table.default_strategy,
                    self.fleet[0].default_strategy
                )));
            }
        }
        Ok(())
    }

    /// The table that serves a CPU of `cpu`'s model with `features` usable, by
    /// [`serving`]'s rule; `None` when none does.
    pub fn serving(&self, cpu: &ManifestHost) -> Option<&Manifest> {
        let tables = self.fleet.iter().map(|t| {
            (
                t.host.cpu_model(),
                t.host.features.iter().map(String::as_str),
            )
        });
        let i = serving(tables, cpu.cpu_model(), |f| {
            cpu.features.iter().any(|have| have == f)
        })?;
        Some(&self.fleet[i])
    }
}

impl ManifestHost {
    /// The CPU model a fleet keys this host's table by.
    pub fn cpu_model(&self) -> CpuModel<'_> {
        CpuModel {
            vendor: &self.vendor,
            family: self.family,
            model: self.model,
        }
    }
}

/// Whether two tables are for the same host: the same CPU model and the same features.
fn same_host(a: &ManifestHost, b: &ManifestHost) -> bool {
    let sorted = |h: &ManifestHost| {
        let mut f = h.features.clone();
        f.sort();
        f.dedup();
        f
    };
    a.cpu_model() == b.cpu_model() && sorted(a) == sorted(b)
}

/// A host as a fleet keys it, for messages: `AuthenticAMD family 25 model 1 (12 features)`.
#[derive(Clone, Copy, Debug)]
pub struct HostKey<'a>(pub &'a ManifestHost);

impl fmt::Display for HostKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.0;
        write!(
            f,
            "{} family {} model {} ({} features)",
            h.vendor,
            h.family,
            h.model,
            h.features.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Band, OpPlan};
    use crate::policy::Policy;

    fn table(vendor: &str, model: u32, features: &[&str], variant: &str) -> Manifest {
        let mut ops = std::collections::BTreeMap::new();
        ops.insert(
            "search.memchr".to_string(),
            OpPlan {
                throughput: vec![Band {
                    below: None,
                    variant: variant.to_string(),
                    decisive: true,
                    pinned: false,
                    runner_up: None,
                }],
                latency: Vec::new(),
            },
        );
        Manifest {
            schema: SCHEMA_VERSION,
            arsenal: "0.1.0".to_string(),
            host: ManifestHost {
                vendor: vendor.to_string(),
                family: 25,
                model,
                features: features.iter().map(|f| f.to_string()).collect(),
                ..ManifestHost::default()
            },
            run: 1,
            policy: Policy::default(),
            default_strategy: Strategy::Throughput,
            ops,
            measured_on: None,
        }
    }

    fn merge(tables: &[Manifest]) -> Result<Fleet, String> {
        let inputs = tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    format!("m{i}.json"),
                    ManifestFile::Host(Box::new(t.clone())),
                )
            })
            .collect();
        Fleet::merge(inputs, "0.1.0")
    }

    #[test]
    fn a_fleet_round_trips_and_reads_as_a_fleet() {
        let fleet = merge(&[
            table("AuthenticAMD", 1, &["sse2", "avx2"], "avx2"),
            table("GenuineIntel", 143, &["sse2", "avx512f"], "avx512"),
        ])
        .unwrap();
        let file = ManifestFile::from_json(&fleet.to_json_pretty()).unwrap();
        assert_eq!(file, ManifestFile::Fleet(fleet.clone()));
        assert_eq!(file.tables().len(), 2);
        assert_eq!(file.default_strategy(), Strategy::Throughput);
        // A single manifest still reads as one.
        let one = table("AuthenticAMD", 1, &["sse2"], "sse2");
        let file = ManifestFile::from_json(&one.to_json_pretty()).unwrap();
        assert_eq!(file, ManifestFile::Host(Box::new(one)));
    }

    #[test]
    fn merging_flattens_fleets() {
        let a = table("AuthenticAMD", 1, &["sse2"], "sse2");
        let b = table("AuthenticAMD", 17, &["sse2"], "sse2");
        let c = table("GenuineIntel", 143, &["sse2"], "sse2");
        let ab = merge(&[a, b]).unwrap();
        let abc = Fleet::merge(
            vec![
                ("ab.json".into(), ManifestFile::Fleet(ab)),
                ("c.json".into(), ManifestFile::Host(Box::new(c))),
            ],
            "0.1.0",
        )
        .unwrap();
        let models: Vec<u32> = abc.fleet.iter().map(|t| t.host.model).collect();
        assert_eq!(models, [1, 17, 143]);
    }

    #[test]
    fn two_tables_for_one_host_are_refused_naming_both_files() {
        let a = table("AuthenticAMD", 1, &["sse2", "avx2"], "avx2");
        let b = table("AuthenticAMD", 1, &["avx2", "sse2"], "sse2");
        let err = merge(&[a.clone(), b.clone()]).unwrap_err();
        assert!(
            err.starts_with("m0.json and m1.json are both tuned on AuthenticAMD family 25 model 1"),
            "{err}"
        );
        // The same CPU model tuned with a feature masked is another host.
        let masked = table("AuthenticAMD", 1, &["sse2"], "sse2");
        assert!(merge(&[a.clone(), masked]).is_ok());
        // A file holding both is refused when read.
        let fleet = Fleet {
            schema: SCHEMA_VERSION,
            arsenal: "0.1.0".into(),
            fleet: vec![a, b],
        };
        let err = ManifestFile::from_json(&fleet.to_json_pretty()).unwrap_err();
        assert!(
            err.to_string().contains("tables 1 and 2 are both for"),
            "{err}"
        );
    }

    #[test]
    fn tables_of_different_default_strategies_are_refused() {
        let a = table("AuthenticAMD", 1, &["sse2"], "sse2");
        let mut b = table("AuthenticAMD", 17, &["sse2"], "sse2");
        b.default_strategy = Strategy::Latency;
        let err = merge(&[a, b]).unwrap_err();
        assert!(
            err.contains("m0.json defaults to throughput and m1.json to latency"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_table_or_an_empty_fleet_is_refused_when_read() {
        let mut a = table("AuthenticAMD", 1, &["sse2"], "sse2");
        a.ops.get_mut("search.memchr").unwrap().throughput[0].below = Some(8);
        let fleet = Fleet {
            schema: SCHEMA_VERSION,
            arsenal: "0.1.0".into(),
            fleet: vec![a],
        };
        let err = ManifestFile::from_json(&fleet.to_json_pretty()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "table 1 (AuthenticAMD family 25 model 1 (1 features)): op `search.memchr`"
            ),
            "{err}"
        );
        let empty = r#"{"schema": 1, "arsenal": "0.1.0", "fleet": []}"#;
        let err = ManifestFile::from_json(empty).unwrap_err();
        assert_eq!(err.to_string(), "the fleet has no table");
        let future = r#"{"schema": 2, "arsenal": "9.0.0", "fleet": []}"#;
        assert_eq!(
            ManifestFile::from_json(future).unwrap_err(),
            ManifestError::Schema { found: 2 }
        );
    }

    #[test]
    fn the_running_cpu_gets_its_models_table() {
        let fleet = merge(&[
            table("GenuineIntel", 143, &["sse2", "avx512f"], "avx512"),
            table("AuthenticAMD", 1, &["sse2", "avx2"], "avx2"),
        ])
        .unwrap();
        let here = table("AuthenticAMD", 1, &["sse2", "avx2", "sha"], "-").host;
        assert_eq!(fleet.serving(&here).unwrap().host.model, 1);
        let masked = table("AuthenticAMD", 1, &["sse2"], "-").host;
        assert!(fleet.serving(&masked).is_none());
    }
}
