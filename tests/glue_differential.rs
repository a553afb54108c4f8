//! The glue must not change any answer of the core: every IOCTL of the
//! table, with a spread of input and output sizes, and a few reads, give
//! the caller the same status, Information and bytes through the glue (over
//! the WDF facade) as through cdfilter-host's model of the I/O manager and
//! KMDF driving the core directly.
#![cfg(not(windows))]

mod glue_common;

use cdfilter_core::ioctl::TABLE;
use cdfilter_core::port::Port;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use glue_common::{started, ToyDrive};

const INPUTS: [&[u8]; 6] = [
    &[],
    &[0, 0, 0, 0],
    &[1, 0, 0, 0],
    &[2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    &[0; 24],
    &[1; 72],
];
const OUTPUTS: [usize; 6] = [0, 4, 8, 24, 804, 2048];

#[track_caller]
fn same(
    what: &str,
    glue: &cdfilter::wdk::host::Done,
    model: &cdfilter_host::IoResult,
    out_len: usize,
) {
    let status = model.status.0 as i32;
    let error = model.status.is_error();
    // The glue clamps Information to the buffer for every non-error status.
    let information = if error {
        model.information
    } else {
        model.information.min(out_len)
    };
    assert_eq!(
        (glue.status, glue.information),
        (status, information as u64),
        "{what}: status/Information (model {})",
        model.status
    );
    let bytes = if error {
        &[][..]
    } else {
        &model.output[..information]
    };
    assert_eq!(glue.data(), bytes, "{what}: returned bytes");
    assert!(glue.violations.is_empty(), "{what}: {:?}", glue.violations);
}

fn every_ioctl<D: Port + Send + 'static>(drive: impl Fn() -> D) {
    for def in TABLE {
        let model = Stack::new(drive());
        let mh = model.open(Granted::READ_WRITE);
        let (_driver, dev, _) = started(drive());
        let gh = dev.open().expect("open");
        for input in INPUTS {
            for out_len in OUTPUTS {
                let m = model.ioctl(mh, def.code, input, out_len);
                let g = dev.ioctl(Some(gh), def.code, input, out_len);
                same(
                    &format!("{} in {} out {out_len}", def.name, input.len()),
                    &g,
                    &m,
                    out_len,
                );
            }
        }
    }
}

#[test]
fn every_ioctl_answers_as_in_the_host_model_over_a_pattern_drive() {
    every_ioctl(ToyDrive::default);
}

#[test]
fn every_ioctl_answers_as_in_the_host_model_over_the_simulated_drive() {
    every_ioctl(SimDrive::default);
}

#[test]
fn reads_answer_as_in_the_host_model() {
    let model = Stack::new(ToyDrive::default());
    let mh = model.open(Granted::READ_WRITE);
    let (_driver, dev, _) = started(ToyDrive::default());
    let gh = dev.open().expect("open");
    for (offset, len) in [(0, 2048), (2048, 4096), (100, 2048), (0, 1000)] {
        let m = model.read(mh, offset, len);
        let g = dev.read(Some(gh), offset, len);
        same(&format!("read {len}@{offset}"), &g, &m, len);
    }
}
