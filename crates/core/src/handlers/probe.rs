//! Capability probing at start and after a medium change.
//!
//! [`probe_capabilities`] runs at device start ([`Device::start`]) and again
//! before a raw read that needs a gated capability whenever a medium change
//! (or an unlock of the exclusive lock) marked the capabilities stale.
//!
//! Two sources, both read every time:
//! - GET CONFIGURATION, RT = ALL from feature 0 (QEMU's drive accepts no
//!   other starting feature): the current profile (header), CD Read 0x001E
//!   (C2 flag), Real-Time Streaming 0x0107 (streaming read when current,
//!   Stream Writing → streaming write). If the answer was cut by the
//!   allocation length before a wanted feature, that feature is asked for on
//!   its own (RT = ONE). `mmc` means GET CONFIGURATION answered.
//! - MODE SENSE(10), DBD = 1, page 0x2A (falling back to MODE SENSE(6) like
//!   the sample): C2 Pointers Supported and R-W Supported.
//!
//! C2 = CD Read's C2 flag or page 0x2A's C2 pointers; sub-channel = page
//! 0x2A's R-W Supported. Unlike the sample (pitfall 9: probed once, for MMC
//! drives only, flags only ever set), the probe is repeated after every
//! medium change and unlock, recomputes every flag, and reads page 0x2A
//! even when GET CONFIGURATION is refused: page 0x2A is MMC-1, so drives
//! older than GET CONFIGURATION still state their C2 and R-W support there.
//!
//! A probe whose commands failed for a reason other than "not supported"
//! (no medium is not such a reason for these commands, but a timeout or a
//! unit attention is) leaves the capabilities stale, so the next raw read
//! that needs them asks again instead of refusing the mode for good.
//!
//! [`Device::start`]: crate::device::Device::start

use crate::abi::config::{GetConfigurationHeader, RequestType};
use crate::device::{CmdError, Ctx, SendOpts};
use crate::handlers::info::configuration_one;
use crate::port::{DataPhase, Port};
use crate::scsi::config::{
    cd_read_c2, feature, get_configuration, rt_streaming_write, ConfigurationView,
};
use crate::scsi::mode::{mode_sense10, mode_sense6, PageControl};
use crate::scsi::readcd::{
    mode_page10, mode_page6, page_2a_c2_pointers, page_2a_rw_supported, CAPABILITIES_PAGE,
};
use crate::status::NtStatus;

/// Allocation length of the RT = ALL request: enough for the features up to
/// 0x0107 on common drives; a longer answer is completed feature by feature.
const CONFIG_ALLOC: usize = 512;

/// Allocation length of an RT = ONE request: header + one 8-byte descriptor.
const ONE_FEATURE_ALLOC: usize = size_of::<GetConfigurationHeader>() + 8;

/// Allocation length of the MODE SENSE requests: header + the page bytes the
/// probe reads, with room for drives that report a block descriptor anyway.
const MODE_ALLOC: u8 = 64;

/// The driver's own GET CONFIGURATION: 4 s timeout, an under-run is the
/// normal answer (spec ioctls.md §3.4, §4.3).
const CONFIG_OPTS: SendOpts = SendOpts {
    overrun_ok: true,
    timeout_secs: Some(4),
    max_retries: None,
    caller_memory: false,
};

/// What the feature walk found.
#[derive(Clone, Copy, Default)]
struct FeatureFacts {
    profile: u16,
    c2: bool,
    streaming_read: bool,
    streaming_write: bool,
}

/// Probes MMC capabilities (C2, sub-channel, streaming, current profile)
/// into `ctx.state.caps`, clearing `stale` unless a command failed for a
/// reason that may pass.
pub fn probe_capabilities<P: Port>(ctx: &mut Ctx<'_, P>) {
    // Cleared first: a medium change reported while probing sets it again.
    ctx.state.caps.stale = false;
    let mut conclusive = true;

    let features = match read_features(ctx) {
        Ok(f) => f,
        Err(e) => {
            conclusive &= e.status == NtStatus::INVALID_DEVICE_REQUEST;
            None
        }
    };
    let page = match read_capabilities_page(ctx) {
        Ok(p) => p,
        Err(e) => {
            conclusive &= e.status == NtStatus::INVALID_DEVICE_REQUEST;
            None
        }
    };

    let facts = features.unwrap_or_default();
    let caps = &mut ctx.state.caps;
    caps.mmc = features.is_some();
    caps.current_profile = facts.profile;
    caps.c2 = facts.c2 || page.is_some_and(|(c2, _)| c2);
    caps.subcode = page.is_some_and(|(_, rw)| rw);
    caps.streaming_read = facts.streaming_read;
    caps.streaming_write = facts.streaming_write;
    if !conclusive {
        caps.stale = true;
    }
}

/// GET CONFIGURATION, RT = ALL, then RT = ONE for wanted features an
/// incomplete answer did not reach. `Ok(None)`: the drive answered with
/// less than a feature header.
fn read_features<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<Option<FeatureFacts>, CmdError> {
    let mut buf = [0u8; CONFIG_ALLOC];
    let n = ctx.send(
        get_configuration(RequestType::ALL, feature::PROFILE_LIST, CONFIG_ALLOC as u16),
        DataPhase::In(&mut buf),
        CONFIG_OPTS,
    )?;
    let Some(config) = ConfigurationView::new(&buf, n) else {
        return Ok(None);
    };
    let cd_read = config.find(feature::CD_READ).map(|f| cd_read_c2(&f));
    let streaming = config
        .find(feature::REAL_TIME_STREAMING)
        .map(|f| (f.current(), rt_streaming_write(&f)));
    let (complete, profile) = (config.complete(), config.current_profile());

    let c2 = match cd_read {
        Some(c2) => c2,
        None if !complete => {
            one_feature(ctx, feature::CD_READ)?.is_some_and(|(_, b)| b & 0x02 != 0)
        }
        None => false,
    };
    let (current, sw) = match streaming {
        Some(s) => s,
        None if !complete => one_feature(ctx, feature::REAL_TIME_STREAMING)?
            .map_or((false, false), |(cur, b)| (cur, b & 0x01 != 0)),
        None => (false, false),
    };
    Ok(Some(FeatureFacts {
        profile,
        c2,
        streaming_read: current,
        streaming_write: current && sw,
    }))
}

/// GET CONFIGURATION, RT = ONE: (current, descriptor byte 4) of `code`, if
/// the drive has the feature.
fn one_feature<P: Port>(ctx: &mut Ctx<'_, P>, code: u16) -> Result<Option<(bool, u8)>, CmdError> {
    let mut buf = [0u8; ONE_FEATURE_ALLOC];
    let n = configuration_one(ctx, code, &mut buf, CONFIG_OPTS)?;
    Ok(
        ConfigurationView::new(&buf, n)
            .and_then(|c| c.find(code).map(|f| (f.current(), f.byte(0)))),
    )
}

/// Page 0x2A through MODE SENSE(10), or MODE SENSE(6) if the 10-byte form
/// fails: `(C2 pointers, R-W supported)`, `None` if the answer held no page
/// 0x2A.
fn read_capabilities_page<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<Option<(bool, bool)>, CmdError> {
    let mut buf = [0u8; MODE_ALLOC as usize];
    // The page as far as it arrived (mode_page10/6): a drive whose page
    // 0x2A is longer than the allocation leaves room for still states byte 5.
    let bits = |p: &[u8]| (page_2a_c2_pointers(p), page_2a_rw_supported(p));
    if let Ok(n) = ctx.send(
        mode_sense10(
            true,
            PageControl::CURRENT,
            CAPABILITIES_PAGE,
            u16::from(MODE_ALLOC),
        ),
        DataPhase::In(&mut buf),
        SendOpts::default(),
    ) {
        return Ok(mode_page10(&buf, n, CAPABILITIES_PAGE).map(bits));
    }
    buf = [0; MODE_ALLOC as usize];
    let n = ctx.send(
        mode_sense6(true, PageControl::CURRENT, CAPABILITIES_PAGE, MODE_ALLOC),
        DataPhase::In(&mut buf),
        SendOpts::default(),
    )?;
    Ok(mode_page6(&buf, n, CAPABILITIES_PAGE).map(bits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::Capabilities;
    use crate::testing::{assert_script_done, device, Step};

    const GC_ALL: [u8; 10] = [0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x02, 0x00, 0];
    const MS10: [u8; 10] = [0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 0x40, 0];
    const MS6: [u8; 6] = [0x1A, 0x08, 0x2A, 0, 0x40, 0];

    /// Header (profile 0x0008), profile list, CD Read with C2, RT streaming
    /// current with Stream Writing.
    const CONFIG_C2_STREAMING: [u8; 32] = [
        0, 0, 0, 28, 0, 0, 0x00, 0x08, //
        0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x01, 0x00, //
        0x00, 0x1E, 0x09, 0x04, 0x02, 0, 0, 0, //
        0x01, 0x07, 0x01, 0x04, 0x01, 0, 0, 0,
    ];

    /// QEMU's answer: header (CD-ROM profile) and the profile list only.
    const CONFIG_QEMU: [u8; 20] = [
        0, 0, 0, 16, 0, 0, 0x00, 0x08, //
        0x00, 0x00, 0x03, 0x08, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00,
    ];

    /// MODE SENSE(10) header + page 0x2A with byte 5 = `b5`.
    fn page_2a(b5: u8) -> Vec<u8> {
        let mut v = vec![0, 28, 0x70, 0, 0, 0, 0, 0];
        v.extend_from_slice(&[0x2A, 0x14, 0x3B, 0, 0x71, b5]);
        v.resize(30, 0);
        v
    }

    fn probe(steps: Vec<Step>) -> Capabilities {
        let dev = device(steps);
        dev.run(None, false, probe_capabilities).expect("unlocked");
        assert_script_done(&dev);
        let caps = dev.platform.unit.borrow().state.caps;
        caps
    }

    #[test]
    fn full_mmc_drive_reports_every_capability() {
        let caps = probe(vec![
            Step::ok(&GC_ALL, &CONFIG_C2_STREAMING),
            Step::ok(&MS10, &page_2a(0x14)),
        ]);
        assert_eq!(
            caps,
            Capabilities {
                mmc: true,
                c2: true,
                subcode: true,
                streaming_read: true,
                streaming_write: true,
                current_profile: 0x0008,
                stale: false,
            }
        );
    }

    #[test]
    fn qemu_like_drive_has_no_c2_and_no_subcode() {
        // QEMU's page 0x2A byte 5 is 0x60 (ISRC, UPC).
        let caps = probe(vec![
            Step::ok(&GC_ALL, &CONFIG_QEMU),
            Step::ok(&MS10, &page_2a(0x60)),
        ]);
        assert!(caps.mmc && !caps.c2 && !caps.subcode && !caps.streaming_read);
        assert_eq!(caps.current_profile, 0x0008);
        assert!(!caps.stale);
    }

    #[test]
    fn c2_from_page_2a_alone_counts() {
        let caps = probe(vec![
            Step::ok(&GC_ALL, &CONFIG_QEMU),
            Step::ok(&MS10, &page_2a(0x10)),
        ]);
        assert!(caps.c2 && !caps.subcode);
    }

    #[test]
    fn drive_without_get_configuration_still_reads_page_2a() {
        let caps = probe(vec![
            Step::check(&GC_ALL, 5, 0x20, 0),
            Step::ok(&MS10, &page_2a(0x14)),
        ]);
        assert!(!caps.mmc && caps.c2 && caps.subcode && !caps.stale);
    }

    #[test]
    fn mode_sense6_is_tried_when_the_10_byte_form_is_refused() {
        let mut six = vec![27, 0x70, 0, 0];
        six.extend_from_slice(&[0x2A, 0x14, 0, 0, 0, 0x04]);
        six.resize(28, 0);
        let caps = probe(vec![
            Step::ok(&GC_ALL, &CONFIG_QEMU),
            Step::check(&MS10, 5, 0x20, 0),
            Step::ok(&MS6, &six),
        ]);
        assert!(!caps.c2 && caps.subcode && !caps.stale);
    }

    #[test]
    fn truncated_answer_asks_for_missing_features_one_by_one() {
        // Data length claims 600 bytes; only the profile list arrived.
        let mut cut = CONFIG_QEMU.to_vec();
        cut[2..4].copy_from_slice(&600u16.to_be_bytes());
        let caps = probe(vec![
            Step::ok(&GC_ALL, &cut),
            Step::ok(
                &[0x46, 0x02, 0x00, 0x1E, 0, 0, 0, 0, 0x10, 0],
                &[
                    0, 0, 0, 12, 0, 0, 0, 8, 0x00, 0x1E, 0x09, 0x04, 0x02, 0, 0, 0,
                ],
            ),
            Step::ok(
                &[0x46, 0x02, 0x01, 0x07, 0, 0, 0, 0, 0x10, 0],
                &[0, 0, 0, 4, 0, 0, 0, 8],
            ),
            Step::ok(&MS10, &page_2a(0)),
        ]);
        assert!(caps.c2 && !caps.streaming_read && !caps.streaming_write);
    }

    #[test]
    fn a_drive_refusing_type_one_is_asked_type_all_for_the_missing_features() {
        let mut cut = CONFIG_QEMU.to_vec();
        cut[2..4].copy_from_slice(&600u16.to_be_bytes());
        let dev = device(vec![
            Step::ok(&GC_ALL, &cut),
            Step::check(&[0x46, 0x02, 0x00, 0x1E, 0, 0, 0, 0, 0x10, 0], 5, 0x24, 0),
            // From CD Read on: CD Read with C2, then Real-Time Streaming.
            Step::ok(
                &[0x46, 0x00, 0x00, 0x1E, 0, 0, 0, 0, 0x10, 0],
                &[
                    0, 0, 0, 20, 0, 0, 0, 8, 0x00, 0x1E, 0x09, 0x04, 0x02, 0, 0, 0,
                ],
            ),
            // The refusal is remembered: RT = ALL at once.
            Step::ok(
                &[0x46, 0x00, 0x01, 0x07, 0, 0, 0, 0, 0x10, 0],
                &[
                    0, 0, 0, 12, 0, 0, 0, 8, 0x01, 0x07, 0x01, 0x04, 0x01, 0, 0, 0,
                ],
            ),
            Step::ok(&MS10, &page_2a(0)),
        ]);
        dev.run(None, false, probe_capabilities).expect("unlocked");
        assert_script_done(&dev);
        let unit = dev.platform.unit.borrow();
        assert!(unit.state.bad_type_one_config);
        assert!(unit.state.caps.mmc && unit.state.caps.c2 && unit.state.caps.streaming_read);
    }

    #[test]
    fn a_failure_that_may_pass_leaves_the_capabilities_stale() {
        // 2/04/00 is retried: 1 + 5 tries of GET CONFIGURATION.
        let mut steps = vec![Step::check(&GC_ALL, 2, 0x04, 0x00); 6];
        steps.push(Step::ok(&MS10, &page_2a(0x14)));
        let caps = probe(steps);
        assert!(!caps.mmc && caps.c2 && caps.subcode);
        assert!(caps.stale);
    }

    #[test]
    fn reprobe_clears_flags_the_new_answer_lacks() {
        let dev = device(vec![
            Step::ok(&GC_ALL, &CONFIG_QEMU),
            Step::ok(&MS10, &page_2a(0)),
        ]);
        dev.platform.unit.borrow_mut().state.caps = Capabilities {
            mmc: true,
            c2: true,
            subcode: true,
            streaming_read: true,
            streaming_write: true,
            current_profile: 0x0009,
            stale: true,
        };
        dev.run(None, false, probe_capabilities).expect("unlocked");
        let caps = dev.platform.unit.borrow().state.caps;
        assert!(!caps.c2 && !caps.subcode && !caps.streaming_read && !caps.stale);
        assert_eq!(caps.current_profile, 0x0008);
    }
}
