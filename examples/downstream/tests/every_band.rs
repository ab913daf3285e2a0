//! Every entry of every op, in its plain, `throughput::` and `latency::` forms, agrees with its
//! runtime-dispatch form at sizes across the bands of whatever manifest this build was wired
//! from, and `arsenal::selected` names, at each size, a variant that can run or the fallback
//! that does.
//!
//! `ci/wire-every-variant.sh` builds this test against a manifest, generated from `arsenal list
//! --json`, whose bands wire every variant of every op in both strategies, and runs it as it is
//! and with AVX-512 and AVX2 masked. It sets `ARSENAL_EXPECT_EVERY_VARIANT=1`, and the test then
//! also checks that the sizes it called reached every variant of every op, except an op whose
//! contract is quality (`hash.fast64`), which a build wires to one variant for every size and
//! both strategies: there it checks that each strategy reached exactly one.

use std::collections::{BTreeMap, BTreeSet};

use arsenal::linalg::GemmArgs;
use arsenal::text::{DecodeError, DstTooShort};
use arsenal::{selected, Strategy};

/// A codec's entry: `src` into `dst` (base64's bytes to bytes by default).
type Codec<'a, E, In = u8, Out = u8> = &'a dyn Fn(&[In], &mut [Out]) -> Result<usize, E>;

/// Calls `$call` with `$m` as each of the entry modules (plain, `throughput`, `latency`) and
/// checks each result against `$want`.
macro_rules! agree {
    ($what:expr, $want:expr, |$m:ident| $call:expr) => {{
        let want = $want;
        {
            use arsenal as $m;
            assert_eq!($call, want, "plain entry, {}", $what);
        }
        {
            use arsenal::throughput as $m;
            assert_eq!($call, want, "throughput entry, {}", $what);
        }
        {
            use arsenal::latency as $m;
            assert_eq!($call, want, "latency entry, {}", $what);
        }
    }};
}

/// The variants `selected` named, per op and strategy.
#[derive(Default)]
struct Seen(BTreeMap<(&'static str, Strategy), BTreeSet<&'static str>>);

impl Seen {
    /// What the build wired for `op` at `size` (in the op's units), checked and recorded.
    fn at(&mut self, op: &'static str, size: usize) {
        let w = arsenal::workload(op).unwrap_or_else(|| panic!("{op} is not an op"));
        for strategy in Strategy::ALL {
            let Some(s) = selected(op, strategy, size as u64) else {
                continue;
            };
            let runs = w
                .variants()
                .into_iter()
                .find(|v| v.name == s.runs)
                .unwrap_or_else(|| panic!("{op} {strategy} {size}: runs unknown `{}`", s.runs));
            assert!(
                s.direct || runs.is_available(),
                "{op} {strategy} at {size}: runs `{}`, which this host may not run",
                s.runs
            );
            if s.runs != s.variant {
                assert_eq!(
                    Some(s.runs),
                    arsenal::runtime_variant(op),
                    "{op} {strategy} at {size}: `{}` falls back to runtime dispatch",
                    s.variant
                );
            }
            self.0.entry((op, strategy)).or_default().insert(s.variant);
        }
    }
}

/// A small deterministic generator (xorshift64*), so the test needs no other crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Sizes in bytes or elements: every size up to past the bands of a generated manifest (8 apart,
/// as many as an op has variants), then a few larger ones.
fn sizes() -> impl Iterator<Item = usize> {
    (0..=200).chain([255, 256, 1000, 4096, 65_537])
}

fn bytes_ops(seen: &mut Seen, rng: &mut Rng) {
    for n in sizes() {
        let data = rng.bytes(n);
        for op in [
            "ceiling.read",
            "bits.popcount",
            "checksum.crc32c",
            "crypto.sha256",
            "hash.xxh3_64",
            "search.memchr",
            "search.memrchr",
            "search.count_byte",
            "search.memchr_iter",
            "search.memrchr_iter",
            "search.memmem",
            "text.utf8_validate",
            "text.base64_encode",
            "memory.copy",
        ] {
            seen.at(op, n);
        }
        let what = format!("{n} bytes");
        agree!(&what, arsenal::ceiling::runtime_read_sum(&data), |m| {
            m::ceiling::read_sum(&data)
        });
        agree!(&what, arsenal::bits::runtime_popcount(&data), |m| {
            m::bits::popcount(&data)
        });
        agree!(&what, arsenal::crypto::runtime_sha256(&data), |m| {
            m::crypto::sha256(&data)
        });
        // Needles cut from the data's end (present) and drawn apart (absent but for chance).
        for len in [1, 2, 5, 16, 40] {
            let drawn = rng.bytes(len);
            for needle in [&data[n.saturating_sub(len)..], &drawn[..]] {
                agree!(&what, arsenal::search::runtime_memmem(needle, &data), |m| {
                    m::search::memmem(needle, &data)
                });
            }
        }
        agree!(&what, arsenal::checksum::runtime_crc32c(&data), |m| {
            m::checksum::crc32c(&data)
        });
        agree!(
            &what,
            arsenal::checksum::runtime_crc32c_update(0x1234_5678, &data),
            |m| m::checksum::crc32c_update(0x1234_5678, &data)
        );
        agree!(&what, arsenal::hash::runtime_xxh3_64(&data), |m| {
            m::hash::xxh3_64(&data)
        });
        agree!(
            &what,
            arsenal::hash::runtime_xxh3_64_with_seed(&data, n as u64),
            |m| m::hash::xxh3_64_with_seed(&data, n as u64)
        );
        let needle = data.get(n / 2).copied().unwrap_or(0);
        agree!(&what, arsenal::search::runtime_memchr(needle, &data), |m| {
            m::search::memchr(needle, &data)
        });
        agree!(
            &what,
            arsenal::search::runtime_memrchr(needle, &data),
            |m| m::search::memrchr(needle, &data)
        );
        agree!(
            &what,
            arsenal::search::runtime_count_byte(needle, &data),
            |m| m::search::count_byte(needle, &data)
        );
        agree!(
            &what,
            arsenal::search::runtime_memchr_iter(needle, &data).collect::<Vec<_>>(),
            |m| m::search::memchr_iter(needle, &data).collect::<Vec<_>>()
        );
        agree!(
            &what,
            arsenal::search::runtime_memrchr_iter(needle, &data).collect::<Vec<_>>(),
            |m| m::search::memrchr_iter(needle, &data).collect::<Vec<_>>()
        );
        let text: Vec<u8> = data.iter().map(|b| b'a' + b % 26).collect();
        for bytes in [&data, &text] {
            agree!(&what, arsenal::text::runtime_utf8_validate(bytes), |m| {
                m::text::utf8_validate(bytes)
            });
        }
        let encode = |f: Codec<'_, DstTooShort>| {
            let mut dst = vec![0; arsenal::text::encoded_len(n)];
            let r = f(&data, &mut dst);
            (r, dst)
        };
        agree!(&what, encode(&arsenal::text::runtime_base64_encode), |m| {
            encode(&m::text::base64_encode)
        });
        let mut want = vec![0; n];
        arsenal::memory::runtime_copy(&mut want, &data);
        agree!(&what, want.clone(), |m| {
            let mut dst = vec![0; n];
            m::memory::copy(&mut dst, &data);
            dst
        });
    }
}

fn base64_decode(seen: &mut Seen, rng: &mut Rng) {
    for n in 0..=150 {
        let raw = rng.bytes(n);
        let mut text = arsenal::text::base64_encode_to_vec(&raw);
        // Every other text gets an invalid byte, so the error paths are wired too.
        if n % 2 == 1 {
            let at = (rng.next() as usize) % text.len();
            text[at] = b'*';
        }
        seen.at("text.base64_decode", text.len());
        let decode = |f: Codec<'_, DecodeError>| {
            let mut dst = vec![0; arsenal::text::decoded_len_max(text.len())];
            let r = f(&text, &mut dst);
            let written = *r.as_ref().unwrap_or(&0);
            (r, dst[..written].to_vec())
        };
        agree!(
            &format!("a text of {} bytes", text.len()),
            decode(&arsenal::text::runtime_base64_decode),
            |m| decode(&m::text::base64_decode)
        );
    }
}

fn streamvbyte(seen: &mut Seen, rng: &mut Rng) {
    use arsenal::encoding::streamvbyte::{max_encoded_len, DecodeError};
    for n in sizes() {
        // Values of 1 to 4 bytes.
        let values: Vec<u32> = (0..n)
            .map(|_| (rng.next() >> (8 * (rng.next() % 4))) as u32)
            .collect();
        seen.at("encoding.streamvbyte_encode", n);
        let encode = |f: Codec<'_, DstTooShort, u32>| {
            let mut dst = vec![0; max_encoded_len(n)];
            let len = f(&values, &mut dst).expect("room for the encoding");
            dst.truncate(len);
            dst
        };
        let encoded = encode(&arsenal::encoding::runtime_streamvbyte_encode);
        agree!(&format!("{n} values"), encoded.clone(), |m| encode(
            &m::encoding::streamvbyte_encode
        ));
        // Every other input cut short, so the error paths are wired too.
        let src = if n % 2 == 1 {
            &encoded[..encoded.len() - 1]
        } else {
            &encoded[..]
        };
        seen.at("encoding.streamvbyte_decode", n);
        let decode = |f: Codec<'_, DecodeError, u8, u32>| {
            let mut dst = vec![0; n];
            let r = f(src, &mut dst);
            // On an error the values are unspecified.
            (r, if r.is_ok() { dst } else { Vec::new() })
        };
        let want = decode(&arsenal::encoding::runtime_streamvbyte_decode);
        assert_eq!(want.0.is_ok(), n % 2 == 0, "{n} values");
        agree!(&format!("{n} values"), want.clone(), |m| decode(
            &m::encoding::streamvbyte_decode
        ));
    }
}

/// `hash.fast64`, whose variants' outputs differ: each form of the entry gives what the variant
/// `selected` names gives (runtime dispatch's choice where the build wired none), at every size,
/// and all three forms give one hash.
fn fast64(seen: &mut Seen, rng: &mut Rng) {
    use arsenal::hash::fast64::Fast64;
    for n in sizes() {
        let data = rng.bytes(n);
        let seed = rng.next();
        seen.at("hash.fast64", n);
        let runs = |strategy| {
            selected("hash.fast64", strategy, n as u64).map_or_else(
                || arsenal::runtime_variant("hash.fast64").expect("an op"),
                |s| s.runs,
            )
        };
        let by_name = |name: &str| {
            let variant = arsenal::registry::variant::<Fast64>(name).expect("runnable here");
            variant.call(&data, seed)
        };
        let want = by_name(runs(Strategy::Throughput));
        assert_eq!(
            runs(Strategy::Latency),
            runs(Strategy::Throughput),
            "{n} bytes"
        );
        assert_eq!(
            arsenal::hash::runtime_fast64_with_seed(&data, seed),
            by_name(arsenal::runtime_variant("hash.fast64").unwrap())
        );
        agree!(&format!("{n} bytes"), want, |m| m::hash::fast64_with_seed(
            &data, seed
        ));
    }
}

fn lz4(seen: &mut Seen, rng: &mut Rng) {
    use arsenal::compression::lz4::{blocks, DecompressError};
    for n in sizes() {
        // Text with repeats: matches near and far, literals between.
        let data: Vec<u8> = (0..n)
            .map(|i| b"abcab cabba "[(i * 7 + (rng.next() % 3) as usize) % 12])
            .collect();
        let mut block = blocks::compress(&data);
        // Every third block cut short, so the error paths are wired too.
        if n % 3 == 1 {
            block.pop();
        }
        seen.at("compression.lz4_decompress", n);
        let decompress = |f: Codec<'_, DecompressError>| {
            let mut dst = vec![0; n];
            let r = f(&block, &mut dst);
            (r, dst[..*r.as_ref().unwrap_or(&0)].to_vec())
        };
        let want = decompress(&arsenal::compression::runtime_lz4_decompress);
        assert_eq!(want.0.is_ok(), n % 3 != 1, "{n} bytes");
        agree!(&format!("{n} bytes"), want.clone(), |m| decompress(
            &m::compression::lz4_decompress
        ));
    }
}

fn sort(seen: &mut Seen, rng: &mut Rng) {
    for n in sizes() {
        seen.at("sort.u64", n);
        let keys: Vec<u64> = (0..n).map(|_| rng.next() >> (rng.next() % 64)).collect();
        let mut want = keys.clone();
        arsenal::sort::runtime_sort_u64(&mut want);
        agree!(&format!("{n} keys"), want.clone(), |m| {
            let mut v = keys.clone();
            m::sort::sort_u64(&mut v);
            v
        });
    }
}

/// Small integers: every variant's sum is exact, whatever its order.
fn small_floats(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| (rng.next() % 9) as f32 - 4.0).collect()
}

fn linalg(seen: &mut Seen, rng: &mut Rng) {
    for len in (0..=100).chain([1000, 4096]) {
        // The op's size is bytes of input, both vectors.
        seen.at("linalg.dot_f32", 8 * len);
        let (a, b) = (small_floats(rng, len), small_floats(rng, len));
        agree!(
            &format!("{len} elements"),
            arsenal::linalg::runtime_dot_f32(&a, &b),
            |m| m::linalg::dot_f32(&a, &b)
        );
    }
    for n in 1..=64 {
        seen.at("linalg.sgemm", n);
        let (a, b) = (small_floats(rng, n * n), small_floats(rng, n * n));
        let c0 = small_floats(rng, n * n);
        let args = GemmArgs::new(n, n, n, &a, &b).beta(1.0);
        let mut want = c0.clone();
        arsenal::linalg::runtime_sgemm(&args, &mut want);
        agree!(&format!("n = {n}"), want.clone(), |m| {
            let mut c = c0.clone();
            m::linalg::sgemm(&args, &mut c);
            c
        });
    }
}

fn fma(seen: &mut Seen) {
    for iterations in (0..=200).chain([1000, 1 << 14]) {
        seen.at("ceiling.fma_f32", iterations);
        agree!(
            &format!("{iterations} iterations"),
            arsenal::ceiling::runtime_fma_f32(iterations).to_bits(),
            |m| m::ceiling::fma_f32(iterations).to_bits()
        );
    }
}

fn mul(seen: &mut Seen) {
    for iterations in (0..=200).chain([1000, 1 << 14]) {
        seen.at("ceiling.mul_u32", iterations);
        agree!(
            &format!("{iterations} iterations"),
            arsenal::ceiling::runtime_mul_u32(iterations),
            |m| m::ceiling::mul_u32(iterations)
        );
    }
}

#[test]
fn every_wired_entry_agrees_with_runtime_dispatch() {
    let mut seen = Seen::default();
    let mut rng = Rng(0x5EED_0FA1_10BA_D00D);
    bytes_ops(&mut seen, &mut rng);
    base64_decode(&mut seen, &mut rng);
    streamvbyte(&mut seen, &mut rng);
    lz4(&mut seen, &mut rng);
    fast64(&mut seen, &mut rng);
    sort(&mut seen, &mut rng);
    linalg(&mut seen, &mut rng);
    fma(&mut seen);
    mul(&mut seen);

    if std::env::var_os("ARSENAL_EXPECT_EVERY_VARIANT").is_none() {
        return;
    }
    let mut missing = Vec::new();
    for w in arsenal::workloads() {
        let op = w.info().name;
        for strategy in Strategy::ALL {
            let got = seen.0.get(&(op, strategy)).cloned().unwrap_or_default();
            if w.info().contract.is_quality() {
                if got.len() != 1 {
                    missing.push(format!("{op} {strategy}: one variant, not {got:?}"));
                }
                continue;
            }
            for v in w.variants() {
                if !got.contains(v.name) {
                    missing.push(format!("{op} {strategy} {}", v.name));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the manifest's bands never reached: {}",
        missing.join(", ")
    );
}
