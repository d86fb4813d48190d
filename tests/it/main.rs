//! The one integration-test binary: every service crate is linked once.

mod s3;
