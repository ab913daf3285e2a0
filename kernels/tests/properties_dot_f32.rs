//! Properties of `linalg.dot_f32` for every variant this host can run: random vectors (mixed
//! magnitudes and signs, any length, any misalignment) within each variant's stated bound of
//! the exact value; symmetry; and the public entry's panic on unequal lengths.

use arsenal::linalg::dot_f32::{check_bound, AlignedF32, DotF32};
use arsenal::registry::Checked;
use arsenal::Op;
use proptest::collection::vec;
use proptest::prelude::*;

fn variants() -> Vec<Checked<DotF32>> {
    DotF32::table().iter().filter_map(|v| v.checked()).collect()
}

/// A float of magnitude 2⁻¹⁶..2¹⁶, either sign (no subnormals or overflow in products).
fn element() -> impl Strategy<Value = f32> {
    (-1.0f32..1.0, -16i32..16).prop_map(|(x, e)| x * (e as f32).exp2())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_variant_is_within_its_bound(
        pairs in vec((element(), element()), 0..2000),
        offsets in (0usize..16, 0usize..16),
    ) {
        let n = pairs.len();
        let (mut a, mut b) = (AlignedF32::new(n), AlignedF32::new(n));
        for (i, (x, y)) in pairs.iter().enumerate() {
            a.slice_mut(offsets.0 * 4, n)[i] = *x;
            b.slice_mut(offsets.1 * 4, n)[i] = *y;
        }
        let (a, b) = (a.slice(offsets.0 * 4, n), b.slice(offsets.1 * 4, n));
        for v in variants() {
            let got = v.call(a, b);
            let checked = check_bound(v.name(), a, b, got, &|| "proptest".into());
            prop_assert!(checked.is_ok(), "{}: {}", v.name(), checked.unwrap_err());
        }
    }

    #[test]
    fn every_variant_is_symmetric(pairs in vec((element(), element()), 0..600)) {
        let (a, b): (Vec<f32>, Vec<f32>) = pairs.into_iter().unzip();
        for v in variants() {
            prop_assert_eq!(v.call(&a, &b).to_bits(), v.call(&b, &a).to_bits(), "{}", v.name());
        }
    }
}

#[test]
#[should_panic(expected = "differ in length")]
fn public_entry_panics_on_unequal_lengths() {
    arsenal::linalg::dot_f32(&[1.0, 2.0], &[1.0]);
}

#[test]
fn public_entry_agrees_with_the_scalar_reference_on_exact_inputs() {
    let a: Vec<f32> = (0..1000).map(|i| (i % 13) as f32 - 6.0).collect();
    let b: Vec<f32> = (0..1000).map(|i| (i % 7) as f32 - 3.0).collect();
    let exact: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
    assert_eq!(arsenal::linalg::dot_f32(&a, &b), exact);
}
