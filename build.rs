//! Records whether this build computes with d2l-rs's patched burn-flex and burn-autodiff
//! (`patches/`, applied by a `[patch.crates-io]`) or with the published crates, which a
//! `[patch]` in our manifest cannot reach once d2l is someone else's dependency (a notebook in
//! evcxr, a library user's crate). The patched copies announce themselves through their `links`
//! key (see their build.rs); `d2l::device::engine()` reports what was found.

fn main() {
    for (announced, recorded) in [
        ("DEP_D2L_RS_BURN_FLEX_PATCHES", "D2L_BURN_FLEX_PATCHES"),
        (
            "DEP_D2L_RS_BURN_AUTODIFF_PATCHES",
            "D2L_BURN_AUTODIFF_PATCHES",
        ),
    ] {
        println!("cargo::rerun-if-env-changed={announced}");
        let changes = std::env::var(announced).unwrap_or_default();
        println!("cargo::rustc-env={recorded}={changes}");
    }
}
