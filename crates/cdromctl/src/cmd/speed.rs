//! `cdromctl speed`, `performance`, `streaming on|off` and `opc`: the
//! speed family (SET_SPEED, GET_PERFORMANCE, ENABLE_STREAMING,
//! SEND_OPC_INFORMATION).

use std::fmt::Write as _;

use serde_json::{json, Value};
use zerocopy::FromBytes;

use cdfilter_core::abi::speed::{
    CdromExceptionPerformanceDescriptor, CdromNominalPerformanceDescriptor, CdromOpcInfoType,
    CdromPerformanceExceptionType, CdromPerformanceHeader, CdromPerformanceRequest,
    CdromPerformanceRequestType, CdromPerformanceToleranceType, CdromPerformanceType,
    CdromSetSpeed, CdromSimpleOpcInfo, CdromSpeedRequest, CdromStreamingControl,
    CdromWriteSpeedDescriptor, CdromWriteSpeedRequest, StreamingControlRequestType, WriteRotation,
};
use cdfilter_core::ioctl::Ioctl;

use crate::error::{usage, Error};
use crate::render::Out;
use crate::session::{decode, Session};

/// kB/s of 1× in MMC speed fields (176.4 kB/s, rounded down as MMC does).
pub const KBPS_1X: u32 = 176;
/// The MMC speed value meaning "as fast as the drive can".
pub const MAX_SPEED: u16 = 0xFFFF;
/// Descriptors asked for by `performance`.
const DESCRIPTORS: usize = 32;

/// A speed: `max`, `Nx` (multiples of 176 kB/s) or kB/s.
pub fn parse_speed(s: &str) -> Result<u16, Error> {
    if s.eq_ignore_ascii_case("max") {
        return Ok(MAX_SPEED);
    }
    let bad = || {
        usage(format!(
            "speed '{s}': give max, a multiple like 8x, or kB/s"
        ))
    };
    let kbps = match s.strip_suffix(['x', 'X', '×']) {
        Some(n) => n.parse::<u32>().map_err(|_| bad())?.saturating_mul(KBPS_1X),
        None => s.parse::<u32>().map_err(|_| bad())?,
    };
    Ok(u16::try_from(kbps).unwrap_or(MAX_SPEED))
}

fn speed_text(kbps: u16) -> String {
    if kbps == MAX_SPEED {
        "maximum".to_owned()
    } else {
        format!("{kbps} kB/s ({:.1}×)", f64::from(kbps) / f64::from(KBPS_1X))
    }
}

/// `cdromctl speed`: SET_SPEED with SET CD SPEED.
pub fn set_speed(s: &Session<'_>, out: Out, read: u16, write: u16, cav: bool) -> Result<(), Error> {
    let input = CdromSetSpeed {
        request_type: CdromSpeedRequest::SET_SPEED.0,
        read_speed: read,
        write_speed: write,
        rotation_control: if cav {
            WriteRotation::CAV.0
        } else {
            WriteRotation::DEFAULT.0
        },
    };
    s.call(Ioctl::CdromSetSpeed, &input, 0)?;
    out.emit(
        &format!(
            "  speed        read {}, write {}{}\n",
            speed_text(read),
            speed_text(write),
            if cav { ", CAV" } else { "" }
        ),
        &json!({"read_kbps": read, "write_kbps": write, "cav": cav}),
    );
    Ok(())
}

/// What `performance` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerformanceKind {
    /// Nominal performance (read or write).
    Nominal,
    /// The entire performance list.
    Entire,
    /// Exceptions only.
    Exceptions,
    /// Write speed descriptors.
    WriteSpeeds,
}

/// `cdromctl performance`: GET_PERFORMANCE.
pub fn performance(
    s: &Session<'_>,
    out: Out,
    kind: PerformanceKind,
    write: bool,
) -> Result<(), Error> {
    let (descriptor, reply) = if kind == PerformanceKind::WriteSpeeds {
        let input = CdromWriteSpeedRequest {
            request_type: CdromPerformanceRequestType::WRITE_SPEED.0,
        };
        let size = size_of::<CdromWriteSpeedDescriptor>();
        let len = size_of::<CdromPerformanceHeader>() + DESCRIPTORS * size;
        (size, s.call(Ioctl::CdromGetPerformance, &input, len)?)
    } else {
        let (exceptions, size) = match kind {
            PerformanceKind::Exceptions => (
                CdromPerformanceExceptionType::EXCEPTIONS_ONLY,
                size_of::<CdromExceptionPerformanceDescriptor>(),
            ),
            PerformanceKind::Entire => (
                CdromPerformanceExceptionType::ENTIRE_LIST,
                size_of::<CdromNominalPerformanceDescriptor>(),
            ),
            _ => (
                CdromPerformanceExceptionType::NOMINAL,
                size_of::<CdromNominalPerformanceDescriptor>(),
            ),
        };
        let input = CdromPerformanceRequest {
            request_type: CdromPerformanceRequestType::PERFORMANCE.0,
            performance_type: if write {
                CdromPerformanceType::WRITE.0
            } else {
                CdromPerformanceType::READ.0
            },
            exceptions: exceptions.0,
            tolerance: CdromPerformanceToleranceType::TEN_NOMINAL_20_EXCEPTIONS.0,
            staring_lba: 0,
        };
        let len = size_of::<CdromPerformanceHeader>() + DESCRIPTORS * size;
        (size, s.call(Ioctl::CdromGetPerformance, &input, len)?)
    };
    let header: CdromPerformanceHeader = decode(
        Ioctl::CdromGetPerformance,
        &reply.out,
        size_of::<CdromPerformanceHeader>(),
    )?;
    let claimed = usize::try_from(header.data_length.get())
        .unwrap_or(usize::MAX)
        .saturating_add(4);
    let body = reply
        .out
        .get(size_of::<CdromPerformanceHeader>()..reply.out.len().min(claimed))
        .unwrap_or(&[]);
    let direction = if write { "write" } else { "read" };
    let what = match kind {
        PerformanceKind::Nominal => format!("nominal {direction} performance"),
        PerformanceKind::Entire => format!("{direction} performance, entire list"),
        PerformanceKind::Exceptions => format!("{direction} performance exceptions"),
        PerformanceKind::WriteSpeeds => "write speeds".to_owned(),
    };
    let mut text = format!(
        "  performance  {what}: {} descriptors\n",
        body.len() / descriptor
    );
    let mut rows: Vec<Value> = Vec::new();
    for chunk in body.chunks_exact(descriptor) {
        let row = match kind {
            PerformanceKind::Nominal | PerformanceKind::Entire => {
                let Ok((d, _)) = CdromNominalPerformanceDescriptor::read_from_prefix(chunk) else {
                    continue;
                };
                let _ = writeln!(
                    text,
                    "  LBA {:>8} at {:>6} kB/s  to LBA {:>8} at {:>6} kB/s",
                    d.start_lba.get(),
                    d.start_performance.get(),
                    d.end_lba.get(),
                    d.end_performance.get()
                );
                json!({"start_lba": d.start_lba.get(), "start_kbps": d.start_performance.get(),
                    "end_lba": d.end_lba.get(), "end_kbps": d.end_performance.get()})
            }
            PerformanceKind::Exceptions => {
                let Ok((d, _)) = CdromExceptionPerformanceDescriptor::read_from_prefix(chunk)
                else {
                    continue;
                };
                let _ = writeln!(
                    text,
                    "  LBA {:>8}  {} ms delay",
                    d.lba.get(),
                    u32::from(d.time.get()) / 10
                );
                json!({"lba": d.lba.get(), "time": d.time.get()})
            }
            PerformanceKind::WriteSpeeds => {
                let Ok((d, _)) = CdromWriteSpeedDescriptor::read_from_prefix(chunk) else {
                    continue;
                };
                let _ = writeln!(
                    text,
                    "  up to LBA {:>8}: read {} kB/s, write {} kB/s",
                    d.end_lba.get(),
                    d.read_speed.get(),
                    d.write_speed.get()
                );
                json!({"end_lba": d.end_lba.get(), "read_kbps": d.read_speed.get(),
                    "write_kbps": d.write_speed.get(), "flags": d.flags})
            }
        };
        rows.push(row);
    }
    out.emit(
        &text,
        &json!({"data_length": header.data_length.get(), "flags": header.flags, "descriptors": rows}),
    );
    Ok(())
}

/// `cdromctl streaming on|off`: ENABLE_STREAMING for this handle.
pub fn streaming(
    s: &Session<'_>,
    out: Out,
    on: bool,
    write: bool,
    read: bool,
) -> Result<(), Error> {
    let t = match (on, read, write) {
        (false, _, _) => StreamingControlRequestType::DISABLE,
        (true, true, true) => StreamingControlRequestType::ENABLE_FOR_READ_WRITE,
        (true, false, true) => StreamingControlRequestType::ENABLE_FOR_WRITE_ONLY,
        (true, _, false) => StreamingControlRequestType::ENABLE_FOR_READ_ONLY,
    };
    s.call(
        Ioctl::CdromEnableStreaming,
        &CdromStreamingControl { request_type: t.0 },
        0,
    )?;
    let what = match t {
        StreamingControlRequestType::DISABLE => "off",
        StreamingControlRequestType::ENABLE_FOR_WRITE_ONLY => "on for writes",
        StreamingControlRequestType::ENABLE_FOR_READ_WRITE => "on for reads and writes",
        _ => "on for reads",
    };
    out.emit(
        &format!("  streaming    {what} (for this handle)\n"),
        &json!({"streaming": what, "request_type": t.0}),
    );
    Ok(())
}

/// `cdromctl opc`: SEND_OPC_INFORMATION (simple OPC).
pub fn opc(s: &Session<'_>, out: Out, exclude0: bool, exclude1: bool) -> Result<(), Error> {
    let input = CdromSimpleOpcInfo {
        request_type: CdromOpcInfoType::SIMPLE_OPC_INFO.0,
        exclude0: u8::from(exclude0),
        exclude1: u8::from(exclude1),
        reserved: [0; 2],
    };
    s.call(Ioctl::CdromSendOpcInformation, &input, 0)?;
    out.emit(
        "  opc          power calibration done\n",
        &json!({"ok": true, "exclude0": exclude0, "exclude1": exclude1}),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speeds_as_max_multiples_or_kbps() {
        assert_eq!(parse_speed("max").unwrap(), 0xFFFF);
        assert_eq!(parse_speed("8x").unwrap(), 1408);
        assert_eq!(parse_speed("1400").unwrap(), 1400);
        assert_eq!(parse_speed("1000x").unwrap(), 0xFFFF);
        assert_eq!(parse_speed("fast").unwrap_err().exit_code(), 2);
    }
}
