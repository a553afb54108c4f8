//! One module per command family; each builds its IOCTL inputs from the
//! core's ABI types and decodes the answers with them, through
//! [`crate::session::Session`].

pub mod audio;
pub mod demo;
pub mod exclusive;
pub mod info;
pub mod media;
pub mod raw;
pub mod rawread;
pub mod speed;
pub mod toc;
