//! The size contracts of the public entries that take caller buffers besides base64's (whose
//! `Result`s `properties_base64` checks): `memory::copy`, `linalg::dot_f32` and `linalg::sgemm`
//! need slices of exactly related lengths, like `copy_from_slice`, and panic otherwise. Each
//! entry — plain, `runtime_`, `throughput::`, `latency::`, and every variant's `Checked::call`
//! — runs with slices of exactly the needed length and panics with one element fewer.

use std::panic::{catch_unwind, AssertUnwindSafe};

use arsenal::linalg::dot_f32::DotF32;
use arsenal::linalg::sgemm::{GemmArgs, Sgemm};
use arsenal::memory::copy::Memcpy;
use arsenal::Op;

fn panics(f: impl FnOnce()) -> bool {
    catch_unwind(AssertUnwindSafe(f)).is_err()
}

type Copy = Box<dyn Fn(&mut [u8], &[u8])>;

fn copy_paths() -> Vec<(String, Copy)> {
    let mut paths: Vec<(String, Copy)> = vec![
        ("memory::copy".into(), Box::new(arsenal::memory::copy)),
        (
            "memory::runtime_copy".into(),
            Box::new(arsenal::memory::runtime_copy),
        ),
        (
            "throughput::memory::copy".into(),
            Box::new(arsenal::throughput::memory::copy),
        ),
        (
            "latency::memory::copy".into(),
            Box::new(arsenal::latency::memory::copy),
        ),
    ];
    for v in Memcpy::table().iter().filter_map(|v| v.checked()) {
        paths.push((
            format!("variant {}", v.name()),
            Box::new(move |d, s| v.call(d, s)),
        ));
    }
    paths
}

#[test]
fn copy_needs_equal_lengths() {
    let src: Vec<u8> = (0..100).collect();
    for (name, copy) in copy_paths() {
        let mut dst = vec![0; src.len()];
        copy(&mut dst, &src);
        assert_eq!(dst, src, "{name}");
        let mut short = vec![0; src.len() - 1];
        assert!(
            panics(|| copy(&mut short, &src)),
            "{name}: dst one byte short"
        );
        assert!(
            short.iter().all(|&b| b == 0),
            "{name}: wrote into a short dst"
        );
        let mut dst = vec![0; src.len()];
        assert!(
            panics(|| copy(&mut dst, &src[1..])),
            "{name}: src one byte short"
        );
    }
}

type Dot = Box<dyn Fn(&[f32], &[f32]) -> f32>;

fn dot_paths() -> Vec<(String, Dot)> {
    let mut paths: Vec<(String, Dot)> = vec![
        ("linalg::dot_f32".into(), Box::new(arsenal::linalg::dot_f32)),
        (
            "linalg::runtime_dot_f32".into(),
            Box::new(arsenal::linalg::runtime_dot_f32),
        ),
        (
            "throughput::linalg::dot_f32".into(),
            Box::new(arsenal::throughput::linalg::dot_f32),
        ),
        (
            "latency::linalg::dot_f32".into(),
            Box::new(arsenal::latency::linalg::dot_f32),
        ),
    ];
    for v in DotF32::table().iter().filter_map(|v| v.checked()) {
        paths.push((
            format!("variant {}", v.name()),
            Box::new(move |a, b| v.call(a, b)),
        ));
    }
    paths
}

#[test]
fn dot_needs_equal_lengths() {
    let a: Vec<f32> = (0..100).map(|i| i as f32).collect();
    let b = vec![1.0; 100];
    for (name, dot) in dot_paths() {
        assert_eq!(dot(&a, &b), 4950.0, "{name}");
        assert!(
            panics(|| {
                let _ = dot(&a, &b[1..]);
            }),
            "{name}: b one element short"
        );
        assert!(
            panics(|| {
                let _ = dot(&a[1..], &b);
            }),
            "{name}: a one element short"
        );
    }
}

type Gemm = Box<dyn Fn(&GemmArgs<'_>, &mut [f32])>;

fn sgemm_paths() -> Vec<(String, Gemm)> {
    let mut paths: Vec<(String, Gemm)> = vec![
        ("linalg::sgemm".into(), Box::new(arsenal::linalg::sgemm)),
        (
            "linalg::runtime_sgemm".into(),
            Box::new(arsenal::linalg::runtime_sgemm),
        ),
        (
            "throughput::linalg::sgemm".into(),
            Box::new(arsenal::throughput::linalg::sgemm),
        ),
        (
            "latency::linalg::sgemm".into(),
            Box::new(arsenal::latency::linalg::sgemm),
        ),
    ];
    for v in Sgemm::table().iter().filter_map(|v| v.checked()) {
        paths.push((
            format!("variant {}", v.name()),
            Box::new(move |a, c| v.call(a, c)),
        ));
    }
    paths
}

#[test]
fn sgemm_needs_exactly_what_the_shapes_address() {
    // 3 × 5 times 5 × 4 with padded rows: A needs (3 − 1)·6 + 5 = 17 elements, B (5 − 1)·7 + 4
    // = 32, C (3 − 1)·9 + 4 = 22.
    let (m, n, k, lda, ldb, ldc) = (3, 4, 5, 6, 7, 9);
    let a: Vec<f32> = (0..17).map(|i| (i % 5) as f32).collect();
    let b: Vec<f32> = (0..32).map(|i| (i % 3) as f32).collect();
    let args = |a, b| GemmArgs::new(m, n, k, a, b).lda(lda).ldb(ldb).ldc(ldc);
    let mut want = vec![-1.0f32; 22];
    for i in 0..m {
        for j in 0..n {
            want[i * ldc + j] = (0..k).map(|p| a[i * lda + p] * b[p * ldb + j]).sum();
        }
    }
    assert_eq!(args(&a, &b).check(22), Ok(()));
    for (name, sgemm) in sgemm_paths() {
        let mut c = vec![-1.0f32; 22];
        sgemm(&args(&a, &b), &mut c);
        assert_eq!(c, want, "{name}");
        let mut c = vec![-1.0f32; 21];
        assert!(
            panics(|| sgemm(&args(&a, &b), &mut c)),
            "{name}: C one short"
        );
        assert!(c.iter().all(|&x| x == -1.0), "{name}: wrote into a short C");
        let mut c = vec![-1.0f32; 22];
        assert!(
            panics(|| sgemm(&args(&a[..16], &b), &mut c)),
            "{name}: A one short"
        );
        assert!(
            panics(|| sgemm(&args(&a, &b[..31]), &mut c)),
            "{name}: B one short"
        );
    }
}
