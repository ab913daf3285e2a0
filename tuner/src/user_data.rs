//! An op measured on the user's files: the same op, variants and units, with its sizes and
//! inputs cut from the files ([`OnUserData`]).
//!
//! The sizes are the op's ladder up to its longest file, and the lengths of whole files (at
//! most [`WHOLE_FILE_SIZES`] of them, spread from the shortest to the longest). A case of a whole
//! file's length reads that file; any other reads a window of a file at least that long
//! ([`Corpus::fill`]). Every variant is checked against the reference on every kept file, as
//! the op reads it, after the op's own harness: one that disagrees fails the gate and is
//! never timed or wired.

use arsenal::registry::{OpInfo, VariantInfo, VariantPath};
use arsenal::workload::{Input, VariantError, VerifyError};
use arsenal::{Bench, Case, Corpus, Mismatch, Workload};

use std::sync::Arc;

use crate::inputs::UserInputs;

/// Whole-file lengths measured at most; more distinct lengths are thinned evenly.
pub const WHOLE_FILE_SIZES: usize = 8;

/// An op that reads bytes, on the user's files.
pub struct OnUserData {
    op: &'static dyn Workload,
    /// The files as read, shared by every op of a run.
    inputs: Arc<UserInputs>,
    /// The files as this op reads them, when not as they are (base64 decoding's encodings).
    prepared: Option<Corpus>,
    /// The kept files' paths, in corpus order, to name a file a variant disagrees on.
    names: Vec<String>,
    sizes: Vec<usize>,
}

impl std::fmt::Debug for OnUserData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnUserData")
            .field("op", &self.op.info().name)
            .field("corpus", self.corpus())
            .field("sizes", &self.sizes)
            .finish()
    }
}

impl OnUserData {
    /// `op` on the user's files; `None` when the op reads no bytes.
    pub fn new(op: &'static dyn Workload, inputs: &Arc<UserInputs>) -> Option<OnUserData> {
        if !op.input().takes_bytes() {
            return None;
        }
        let prepared = op.prepare_input(&inputs.corpus);
        let corpus = prepared.as_ref().unwrap_or(&inputs.corpus);
        Some(OnUserData {
            op,
            sizes: sizes(op.sizes(), corpus, op.input().width()),
            names: inputs
                .kept_paths()
                .map(|p| p.display().to_string())
                .collect(),
            prepared,
            inputs: Arc::clone(inputs),
        })
    }

    /// The op's input as it reads it.
    pub fn corpus(&self) -> &Corpus {
        self.prepared.as_ref().unwrap_or(&self.inputs.corpus)
    }

    /// The length of the longest kept file, as the op reads it (in its units): no size is
    /// longer.
    pub fn longest_file(&self) -> usize {
        self.corpus().largest() / self.op.input().width()
    }

    /// The length of the median kept file, as the op reads it (in its units): the size
    /// `compare` measures when none is given.
    pub fn median_file(&self) -> usize {
        let width = self.op.input().width();
        let mut lens: Vec<usize> = self.corpus().files().map(|f| f.len() / width).collect();
        lens.sort_unstable();
        lens[(lens.len() - 1) / 2]
    }
}

/// The sizes measured on `corpus`, read in units of `width` bytes (1, or a value's width): the
/// `ladder` up to its longest file, and whole files' lengths (at most [`WHOLE_FILE_SIZES`],
/// spread evenly over the distinct ones), ascending.
pub fn sizes(ladder: &[usize], corpus: &Corpus, width: usize) -> Vec<usize> {
    let largest = corpus.largest() / width;
    let mut whole: Vec<usize> = corpus.files().map(|f| f.len() / width).collect();
    whole.sort_unstable();
    whole.dedup();
    if whole.len() > WHOLE_FILE_SIZES {
        let n = whole.len();
        whole = (0..WHOLE_FILE_SIZES)
            .map(|i| whole[i * (n - 1) / (WHOLE_FILE_SIZES - 1)])
            .collect();
    }
    let mut all: Vec<usize> = ladder
        .iter()
        .copied()
        .filter(|&s| s <= largest)
        .chain(whole)
        .filter(|&s| s > 0)
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

impl Workload for OnUserData {
    fn info(&self) -> &'static OpInfo {
        self.op.info()
    }

    fn variants(&self) -> Vec<&'static VariantInfo> {
        self.op.variants()
    }

    fn paths(&self) -> &'static [VariantPath] {
        self.op.paths()
    }

    fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    fn size_step(&self) -> usize {
        self.op.size_step()
    }

    fn max_size(&self) -> Option<usize> {
        Some(self.longest_file())
    }

    fn units(&self, size: usize) -> u64 {
        self.op.units(size)
    }

    fn footprint(&self, size: usize) -> usize {
        self.op.footprint(size)
    }

    fn runtime_choice(&self) -> &'static str {
        self.op.runtime_choice()
    }

    /// The op's own harness, then every kept file.
    fn verify(&self, variant: &str) -> Result<(), VerifyError> {
        self.op.verify(variant)?;
        for (file, name) in self.corpus().files().zip(&self.names) {
            self.op.verify_input(variant, file).map_err(|e| match e {
                VerifyError::Mismatch(m) => VerifyError::Mismatch(Mismatch {
                    case: format!("{name}: {}", m.case),
                    ..m
                }),
                other => other,
            })?;
        }
        Ok(())
    }

    /// Cases cut from the user's files.
    fn bench(
        &self,
        variant: &str,
        cases: &[Case],
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError> {
        self.op.bench_input(variant, cases, self.corpus(), seed)
    }

    fn input(&self) -> Input {
        self.op.input()
    }

    fn prepare_input(&self, files: &Corpus) -> Option<Corpus> {
        self.op.prepare_input(files)
    }

    fn verify_input(&self, variant: &str, data: &[u8]) -> Result<(), VerifyError> {
        self.op.verify_input(variant, data)
    }

    fn bench_input(
        &self,
        variant: &str,
        cases: &[Case],
        corpus: &Corpus,
        seed: u64,
    ) -> Result<Box<dyn Bench>, VariantError> {
        self.op.bench_input(variant, cases, corpus, seed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(files: &[&[u8]]) -> Arc<UserInputs> {
        Arc::new(UserInputs {
            files: files
                .iter()
                .enumerate()
                .map(|(i, f)| crate::inputs::InputFile {
                    path: format!("file{i}").into(),
                    bytes: f.len() as u64,
                    sha256: String::new(),
                    kept: f.len() as u64,
                })
                .collect(),
            corpus: Corpus::of(files.iter().copied()),
            empty_skipped: 0,
        })
    }

    #[test]
    fn sizes_are_the_ladder_up_to_the_longest_file_and_whole_files() {
        let corpus = Corpus::of([&[0u8; 100][..], &[0; 3000], &[0; 64]]);
        assert_eq!(
            sizes(&[16, 64, 256, 1024, 4096], &corpus, 1),
            [16, 64, 100, 256, 1024, 3000]
        );
    }

    #[test]
    fn many_whole_file_lengths_are_thinned_evenly() {
        let files: Vec<Vec<u8>> = (1..=50).map(|n| vec![1; n * 10]).collect();
        let corpus = Corpus::of(files.iter().map(Vec::as_slice));
        let s = sizes(&[], &corpus, 1);
        assert_eq!(s.len(), WHOLE_FILE_SIZES);
        assert_eq!((s[0], *s.last().unwrap()), (10, 500));
    }

    #[test]
    fn wraps_only_ops_that_read_bytes() {
        let user = inputs(&[b"line one\nline two\n", b"x"]);
        let sort = arsenal::workload("sort.u64").unwrap();
        assert!(OnUserData::new(sort, &user).is_none());
        let memchr = arsenal::workload("search.memchr").unwrap();
        let on = OnUserData::new(memchr, &user).unwrap();
        assert_eq!(on.sizes(), [1, 16, 18]);
        assert_eq!(on.median_file(), 1);
        assert_eq!(on.verify("scalar"), Ok(()));
        let mut bench = on.bench("scalar", &[Case::aligned(18)], 1).unwrap();
        assert_eq!(bench.units(0), 18);
        bench.run(0);
    }

    /// `search.memchr`, except that its `scalar` disagrees with the reference on any file
    /// holding `BAD`: a variant that is right on generated inputs and wrong on the user's.
    struct Picky;

    static PICKY: Picky = Picky;

    fn memchr() -> &'static dyn Workload {
        arsenal::workload("search.memchr").unwrap()
    }

    impl Workload for Picky {
        fn info(&self) -> &'static OpInfo {
            memchr().info()
        }
        fn variants(&self) -> Vec<&'static VariantInfo> {
            memchr().variants()
        }
        fn sizes(&self) -> &[usize] {
            memchr().sizes()
        }
        fn units(&self, size: usize) -> u64 {
            memchr().units(size)
        }
        fn footprint(&self, size: usize) -> usize {
            memchr().footprint(size)
        }
        fn runtime_choice(&self) -> &'static str {
            memchr().runtime_choice()
        }
        fn verify(&self, variant: &str) -> Result<(), VerifyError> {
            memchr().verify(variant)
        }
        fn bench(
            &self,
            v: &str,
            cases: &[Case],
            seed: u64,
        ) -> Result<Box<dyn Bench>, VariantError> {
            memchr().bench(v, cases, seed)
        }
        fn input(&self) -> Input {
            memchr().input()
        }
        fn prepare_input(&self, files: &Corpus) -> Option<Corpus> {
            memchr().prepare_input(files)
        }
        fn verify_input(&self, variant: &str, data: &[u8]) -> Result<(), VerifyError> {
            if variant == "scalar" && data.windows(3).any(|w| w == b"BAD") {
                return Err(VerifyError::Mismatch(Mismatch {
                    case: "a file holding BAD".into(),
                    expected: "Some(3)".into(),
                    got: "None".into(),
                }));
            }
            memchr().verify_input(variant, data)
        }
        fn bench_input(
            &self,
            v: &str,
            cases: &[Case],
            corpus: &Corpus,
            seed: u64,
        ) -> Result<Box<dyn Bench>, VariantError> {
            memchr().bench_input(v, cases, corpus, seed)
        }
    }

    #[test]
    fn a_variant_wrong_on_the_users_files_fails_the_gate_naming_the_file() {
        let user = inputs(&[b"fine\n", b"this is BAD\n"]);
        let on = OnUserData::new(&PICKY, &user).unwrap();
        let gate = crate::gate::verify_op(&on);
        let scalar = gate.iter().find(|v| v.variant == "scalar").unwrap();
        match &scalar.outcome {
            crate::GateOutcome::Failed(why) => assert!(why.starts_with("file1: "), "{why}"),
            other => panic!("scalar should fail on file1, got {other:?}"),
        }
        let others = gate.iter().filter(|v| v.variant != "scalar");
        assert!(others
            .into_iter()
            .all(|v| !matches!(v.outcome, crate::GateOutcome::Failed(_))));
        // On generated inputs alone the same variant passes.
        assert_eq!(PICKY.verify("scalar"), Ok(()));
    }

    #[test]
    fn streamvbyte_counts_a_files_whole_u32s() {
        // 10 and 1 000 values (the first with 3 stray bytes), and a file too short for one.
        let small = [7u8; 43];
        let large = [1u8; 4000];
        let user = inputs(&[&small, &large, b"abc"]);
        let decode = arsenal::workload("encoding.streamvbyte_decode").unwrap();
        let on = OnUserData::new(decode, &user).unwrap();
        assert_eq!(on.sizes(), [4, 10, 16, 64, 256, 1000]);
        assert_eq!(on.max_size(), Some(1000));
        assert_eq!(on.median_file(), 10);
        assert_eq!(on.verify("scalar"), Ok(()));
        let mut bench = on.bench("scalar", &[Case::aligned(10)], 1).unwrap();
        assert_eq!(bench.units(0), 20);
        bench.run(0);
    }

    #[test]
    fn base64_decode_measures_the_encoded_files() {
        let user = inputs(&[b"foob", b"fooba"]);
        let decode = arsenal::workload("text.base64_decode").unwrap();
        let on = OnUserData::new(decode, &user).unwrap();
        assert_eq!(on.sizes(), [8]);
        assert_eq!(on.corpus().files().next(), Some(&b"Zm9vYg=="[..]));
    }
}
