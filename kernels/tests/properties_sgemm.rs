//! Properties of `linalg.sgemm` for every variant this host can run: random shapes (including
//! 1 and primes), leading dimensions, `α`, `β`, within the contract's elementwise bound of the
//! f64 reference; `β = 0` ignores NaN in `C`; padding past `n` in each row of `C` is untouched;
//! the public entry panics on inconsistent shapes.

use arsenal::harness::Rng;
use arsenal::linalg::sgemm::{random_vec, reference, GemmArgs, Sgemm};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::prelude::*;

fn variants() -> Vec<Checked<Sgemm>> {
    Sgemm::table().iter().filter_map(|v| v.checked()).collect()
}

fn scalar() -> impl Strategy<Value = f32> {
    prop_oneof![Just(0.0f32), Just(1.0), Just(-1.0), -3.0f32..3.0]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_variant_is_within_the_bound(
        (m, n, k) in (1usize..70, 1usize..70, 0usize..70),
        pads in (0usize..4, 0usize..4, 0usize..4),
        alpha in scalar(),
        beta in scalar(),
        seed in any::<u64>(),
    ) {
        let (lda, ldb, ldc) = (k + pads.0, n + pads.1, n + pads.2);
        let mut rng = Rng::new(seed);
        let a = random_vec(&mut rng, if k == 0 { 0 } else { (m - 1) * lda + k });
        let b = random_vec(&mut rng, if k == 0 { 0 } else { (k - 1) * ldb + n });
        let mut c0 = random_vec(&mut rng, (m - 1) * ldc + n);
        if beta == 0.0 {
            c0.iter_mut().for_each(|x| *x = f32::NAN);
        }
        let args = GemmArgs::new(m, n, k, &a, &b)
            .alpha(alpha)
            .beta(beta)
            .lda(lda)
            .ldb(ldb)
            .ldc(ldc);
        let expected = reference(&args, &c0);
        for v in variants() {
            let mut c = c0.clone();
            v.call(&args, &mut c);
            for i in 0..m {
                for j in 0..ldc.min(c.len() - i * ldc) {
                    let got = c[i * ldc + j];
                    if j >= n {
                        prop_assert_eq!(got.to_bits(), c0[i * ldc + j].to_bits(), "{} wrote padding", v.name());
                        continue;
                    }
                    let (value, bound) = expected[i * n + j];
                    prop_assert!(
                        (f64::from(got) - value).abs() <= bound,
                        "{}: ({}, {}) got {} expected {} ± {}", v.name(), i, j, got, value, bound
                    );
                }
            }
        }
    }
}

#[test]
#[should_panic(expected = "C is 2 x 2 with row stride 3")]
fn public_entry_panics_on_a_short_c() {
    let mut c = [0.0; 4];
    arsenal::linalg::sgemm(&GemmArgs::new(2, 2, 1, &[1.0; 2], &[1.0; 2]).ldc(3), &mut c);
}

#[test]
#[should_panic(expected = "B's row stride 1 is shorter than its rows (2 elements)")]
fn public_entry_panics_on_a_short_stride() {
    let mut c = [0.0; 4];
    arsenal::linalg::sgemm(&GemmArgs::new(2, 2, 1, &[1.0; 2], &[1.0; 2]).ldb(1), &mut c);
}

#[test]
fn runtime_entry_matches_the_public_one() {
    let a: Vec<f32> = (0..12).map(|i| i as f32).collect();
    let b: Vec<f32> = (0..20).map(|i| (i % 3) as f32).collect();
    let args = GemmArgs::new(3, 5, 4, &a, &b).alpha(2.0);
    let (mut c1, mut c2) = (vec![0.0; 15], vec![0.0; 15]);
    arsenal::linalg::sgemm(&args, &mut c1);
    arsenal::linalg::runtime_sgemm(&args, &mut c2);
    assert_eq!(c1, c2);
    // Small integers: exact in every variant.
    assert_eq!(c1[0], 2.0 * (0.0 * 0.0 + 1.0 * 2.0 + 2.0 * 1.0 + 3.0 * 0.0));
}
