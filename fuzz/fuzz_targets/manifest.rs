//! The manifest parser (`arsenal_oracle::Manifest::from_json`, what `kernels/build.rs` and
//! `arsenal manifest --check` read manifests with): any input gives `Ok` or `Err`, never a panic;
//! a manifest it accepts is written back (`to_json_pretty`) and read again to the same value.

#![no_main]

use arsenal_oracle::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    if let Ok(manifest) = Manifest::from_json(text) {
        let again = manifest.to_json_pretty();
        match Manifest::from_json(&again) {
            Ok(back) => assert_eq!(back, manifest, "the manifest changed on a round trip"),
            Err(e) => panic!("an accepted manifest, written back, is rejected: {e}\n{again}"),
        }
    }
});
