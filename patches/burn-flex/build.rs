//! d2l-rs's marker, not part of the upstream change: announces this patched copy, and how many
//! changes it has (one per `D2L_RS_PATCHES` entry in src/lib.rs and numbered heading in
//! PATCH.md), to the crates that depend on it directly. They read it from the environment
//! variable `DEP_D2L_RS_BURN_FLEX_PATCHES` in their build scripts; the published crate has no
//! `links` key, so there it is absent.

fn main() {
    println!("cargo::metadata=patches=8");
}
