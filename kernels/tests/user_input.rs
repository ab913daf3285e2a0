//! The user's own data (`arsenal tune --input`): every variant of every op that reads bytes
//! agrees with the reference on files of many kinds, and its benches run on windows and whole
//! files of them; an op that reads no bytes fails every check on them, so it is never timed on
//! data it did not check.

use arsenal::harness::Rng;
use arsenal::workload::{VariantError, VerifyError};
use arsenal::{Case, Corpus, Workload};

/// Files as users have them: text with newlines, UTF-8 beyond ASCII, invalid UTF-8, binary,
/// one byte, and lengths around the SIMD widths.
fn files() -> Corpus {
    let mut rng = Rng::new(0x05E2);
    let text = "fn main() {\n    println!(\"héllo, wörld — 你好 🦀\");\n}\n".repeat(40);
    let mut invalid = text.clone().into_bytes();
    invalid[1000] = 0xC0;
    Corpus::of([
        text.as_bytes(),
        &invalid,
        &rng.bytes(4099),
        b"x",
        &rng.bytes(63),
        &[b'\n'; 130],
        &rng.bytes(70_001),
    ])
}

fn bytes_ops() -> impl Iterator<Item = &'static dyn Workload> {
    arsenal::workloads()
        .iter()
        .copied()
        .filter(|w| w.input().takes_bytes())
}

#[test]
fn the_bytes_ops_are_those_of_the_issue() {
    let names: Vec<&str> = bytes_ops().map(|w| w.info().name).collect();
    for op in [
        "checksum.crc32c",
        "hash.xxh3_64",
        "search.memchr",
        "search.memrchr",
        "text.utf8_validate",
        "text.base64_encode",
        "text.base64_decode",
        "memory.copy",
        "encoding.streamvbyte_encode",
        "encoding.streamvbyte_decode",
        "compression.lz4_decompress",
    ] {
        assert!(names.contains(&op), "{op} reads no --input: {names:?}");
    }
    for w in arsenal::workloads() {
        let ceiling = w.info().name.starts_with("ceiling.");
        assert_eq!(
            w.info().role.ceiling().is_some(),
            ceiling,
            "{}",
            w.info().name
        );
    }
}

#[test]
fn every_variant_matches_the_reference_on_user_files() {
    let raw = files();
    let mut checked = 0;
    for w in bytes_ops() {
        let corpus = w.prepare_input(&raw).unwrap_or_else(|| raw.clone());
        assert_eq!(corpus.len(), raw.len(), "{}", w.info().name);
        for v in w.variants() {
            for file in corpus.files() {
                match w.verify_input(v.name, file) {
                    Ok(()) => checked += 1,
                    Err(VerifyError::Variant(VariantError::Unavailable(..))) => break,
                    Err(e) => panic!("{} {}: {e}", w.info().name, v.name),
                }
            }
        }
    }
    assert!(checked > 0);
}

#[test]
fn base64_decode_reads_the_encoding_of_each_file() {
    let decode = arsenal::workload("text.base64_decode").unwrap();
    let encoded = decode
        .prepare_input(&Corpus::of([&b"foob"[..], b"fooba"]))
        .unwrap();
    let texts: Vec<&[u8]> = encoded.files().collect();
    assert_eq!(texts, [&b"Zm9vYg=="[..], b"Zm9vYmE="]);
}

#[test]
fn ops_without_input_fail_every_check_on_user_files() {
    for w in arsenal::workloads()
        .iter()
        .filter(|w| !w.input().takes_bytes())
    {
        let reference = w.info().reference;
        let err = w.verify_input(reference, b"some bytes").unwrap_err();
        assert!(
            err.to_string().contains("does not verify user data"),
            "{}: {err}",
            w.info().name
        );
        assert!(!w.input().note().is_empty());
    }
}

#[test]
fn benches_run_on_windows_and_whole_files() {
    let raw = files();
    for w in bytes_ops() {
        let corpus = w.prepare_input(&raw).unwrap_or_else(|| raw.clone());
        // Sizes in the op's units: bytes, or values of `width` bytes.
        let width = w.input().width();
        let whole = corpus.files().next().unwrap().len() / width;
        let cases = [
            Case::aligned(1),
            Case {
                size: 64,
                offset: 3,
            },
            Case::aligned(whole),
            Case::aligned(corpus.largest() / width),
        ];
        let reference = w.info().reference;
        let mut bench = w.bench_input(reference, &cases, &corpus, 7).unwrap();
        assert_eq!(bench.cases(), cases.len());
        for (i, case) in cases.iter().enumerate() {
            assert_eq!(bench.units(i), w.units(case.size), "{}", w.info().name);
            bench.reset(i);
            bench.run(i);
        }
    }
}

#[test]
#[should_panic(expected = "takes no input")]
fn a_bench_on_user_files_of_an_op_without_input_is_refused() {
    let sort = arsenal::workload("sort.u64").unwrap();
    let _ = sort.bench_input("std:sort_unstable", &[Case::aligned(8)], &files(), 1);
}
