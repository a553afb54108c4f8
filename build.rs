//! Build script of the driver crate.
//!
//! On Windows it hands the build to wdk-build, which finds the WDK, sets the
//! KMDF link arguments and exports the driver-model metadata. On every other
//! host the crate is empty and there is nothing to configure.

#[cfg(windows)]
fn main() -> Result<(), wdk_build::ConfigError> {
    wdk_build::configure_wdk_binary_build()
}

#[cfg(not(windows))]
fn main() {}
