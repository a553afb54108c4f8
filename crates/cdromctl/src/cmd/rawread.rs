//! `cdromctl raw-read` (IOCTL_CDROM_RAW_READ to a file or a hex dump) and
//! `cdromctl rip` (an audio track through RAW_READ in chunks into a WAV
//! file, with retries, a progress bar and a final check of what was
//! written).

use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use serde_json::json;

use cdfilter_core::abi::rawread::{
    RawReadInfo, TrackModeType, COOKED_SECTOR_SIZE, RAW_SECTOR_SIZE,
};
use cdfilter_core::ioctl::Ioctl;

use super::toc;
use crate::error::{internal, usage, Error};
use crate::render::{self, Out};
use crate::session::Session;

/// CD frames per second at 1× (75 sectors = 176,400 bytes of audio).
pub const FRAMES_PER_SECOND: f64 = 75.0;
/// Bytes of one audio sector.
const AUDIO_SECTOR: usize = RAW_SECTOR_SIZE as usize;

/// A track mode by its Windows name (`CDDA`, `YellowMode2`, ...) or its
/// short name (`cdda`, `yellow-mode2`, `xa-form2`, `raw-c2-sub`, `raw-c2`,
/// `raw-sub`).
pub fn parse_mode(s: &str) -> Result<TrackModeType, Error> {
    let short = [
        "yellow-mode2",
        "xa-form2",
        "cdda",
        "raw-c2-sub",
        "raw-c2",
        "raw-sub",
    ];
    TrackModeType::ALL
        .iter()
        .zip(short)
        .find(|(m, sh)| {
            m.name().is_some_and(|n| n.eq_ignore_ascii_case(s)) || sh.eq_ignore_ascii_case(s)
        })
        .map(|(m, _)| *m)
        .ok_or_else(|| {
            usage(format!(
                "unknown track mode '{s}': one of {}",
                short.join(", ")
            ))
        })
}

/// IOCTL_CDROM_RAW_READ of `count` sectors from `lba` in `mode`.
pub fn raw_read(
    s: &Session<'_>,
    lba: u32,
    count: u32,
    mode: TrackModeType,
) -> Result<Vec<u8>, Error> {
    let per = mode
        .bytes_per_sector()
        .ok_or_else(|| usage("unknown track mode"))?;
    let info = RawReadInfo {
        disk_offset: i64::from(lba) * COOKED_SECTOR_SIZE as i64,
        sector_count: count,
        track_mode: mode,
    };
    let len = usize::try_from(u64::from(per) * u64::from(count))
        .map_err(|_| usage("the read is larger than memory"))?;
    Ok(s.call(Ioctl::CdromRawRead, &info, len)?.out)
}

/// `cdromctl raw-read`.
pub fn run_raw_read(
    s: &Session<'_>,
    out: Out,
    lba: u32,
    count: u32,
    mode: TrackModeType,
    file: Option<&Path>,
) -> Result<(), Error> {
    let data = raw_read(s, lba, count, mode)?;
    let name = mode.name().unwrap_or("?");
    let mut v = json!({
        "lba": lba, "count": count, "mode": name,
        "bytes_per_sector": mode.bytes_per_sector(), "bytes": data.len(),
    });
    let text = if let Some(path) = file {
        std::fs::write(path, &data)
            .map_err(|e| internal(format!("writing {}: {e}", path.display())))?;
        v["file"] = json!(path.display().to_string());
        format!(
            "  read {count} {name} sectors from LBA {lba}: {} bytes written to {}\n",
            data.len(),
            path.display()
        )
    } else {
        v["data"] = json!(render::hex(&data));
        format!(
            "  read {count} {name} sectors from LBA {lba} ({} bytes)\n{}",
            data.len(),
            render::hexdump(&data)
        )
    };
    out.emit(&text, &v);
    Ok(())
}

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it), continued from
/// `crc` over `data`.
pub fn crc32(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// What a rip did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ripped {
    /// Sectors written.
    pub sectors: u32,
    /// PCM bytes written.
    pub bytes: u64,
    /// CRC-32 of the PCM bytes.
    pub crc32: u32,
    /// Chunks read again after a failure.
    pub retries: u32,
}

/// The rip loop, independent of where chunks come from: reads
/// `start..end` in chunks of `chunk` sectors with `read(lba, count)`,
/// retrying a failed (or short) chunk up to `retries` times, and writes
/// the samples to the WAV file at `path`; then reads the file back and
/// checks its format, its length and the CRC of its samples.
pub fn rip_range(
    path: &Path,
    start: u32,
    end: u32,
    chunk: u32,
    retries: u32,
    progress: &ProgressBar,
    mut read: impl FnMut(u32, u32) -> Result<Vec<u8>, Error>,
) -> Result<Ripped, Error> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let io = |e: hound::Error| internal(format!("{}: {e}", path.display()));
    let mut wav = hound::WavWriter::create(path, spec).map_err(io)?;
    let mut crc = 0;
    let mut bytes = 0u64;
    let mut retried = 0;
    let mut lba = start;
    while lba < end {
        let count = chunk.max(1).min(end - lba);
        let want = count as usize * AUDIO_SECTOR;
        let mut attempt = 0;
        let data = loop {
            let r = read(lba, count).and_then(|d| {
                if d.len() == want {
                    Ok(d)
                } else {
                    Err(internal(format!(
                        "LBA {lba}: {} bytes read, {want} expected",
                        d.len()
                    )))
                }
            });
            match r {
                Ok(d) => break d,
                Err(e) if attempt >= retries => return Err(e),
                Err(e) => {
                    attempt += 1;
                    retried += 1;
                    progress.println(format!("  retrying LBA {lba} ({attempt}/{retries}): {e}"));
                }
            }
        };
        for pair in data.chunks_exact(2) {
            wav.write_sample(i16::from_le_bytes([pair[0], pair[1]]))
                .map_err(io)?;
        }
        crc = crc32(crc, &data);
        bytes += data.len() as u64;
        lba += count;
        progress.inc(u64::from(count));
    }
    wav.finalize().map_err(io)?;
    check(path, spec, bytes, crc)?;
    Ok(Ripped {
        sectors: end - start,
        bytes,
        crc32: crc,
        retries: retried,
    })
}

/// The final check: the file is a WAV of `spec` holding exactly `bytes`
/// of PCM whose CRC is `crc`.
fn check(path: &Path, spec: hound::WavSpec, bytes: u64, crc: u32) -> Result<(), Error> {
    let fail = |what: String| internal(format!("{}: final check failed: {what}", path.display()));
    let mut r = hound::WavReader::open(path).map_err(|e| fail(e.to_string()))?;
    if r.spec() != spec {
        return Err(fail(format!("format {:?}", r.spec())));
    }
    if u64::from(r.len()) * 2 != bytes {
        return Err(fail(format!("{} samples, {} written", r.len(), bytes / 2)));
    }
    let mut back = 0;
    let mut buf = Vec::with_capacity(AUDIO_SECTOR);
    for s in r.samples::<i16>() {
        buf.extend_from_slice(&s.map_err(|e| fail(e.to_string()))?.to_le_bytes());
        if buf.len() == AUDIO_SECTOR {
            back = crc32(back, &buf);
            buf.clear();
        }
    }
    back = crc32(back, &buf);
    if back != crc {
        return Err(fail(format!("CRC {back:08x}, {crc:08x} written")));
    }
    Ok(())
}

/// A progress bar in sectors with the speed in × (1× = 75 sectors/s);
/// hidden for JSON output and when stderr is not a terminal.
pub fn progress_bar(total: u32, visible: bool) -> ProgressBar {
    let target = if visible {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(u64::from(total)), target);
    if let Ok(style) =
        ProgressStyle::with_template("  {bar:40} {pos}/{len} sectors  {speed}  {elapsed_precise}")
    {
        bar.set_style(style.with_key(
            "speed",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1}×", state.per_sec() / FRAMES_PER_SECOND);
            },
        ));
    }
    bar
}

/// Speed in × of `sectors` read in `elapsed`.
pub fn speed(sectors: u32, elapsed: Duration) -> f64 {
    f64::from(sectors) / elapsed.as_secs_f64().max(1e-9) / FRAMES_PER_SECOND
}

/// Options of `cdromctl rip`.
#[derive(Clone, Debug)]
pub struct RipOptions<'a> {
    /// Track number.
    pub track: u8,
    /// WAV file.
    pub out: &'a Path,
    /// Sectors per RAW_READ.
    pub chunk: u32,
    /// Retries per chunk.
    pub retries: u32,
    /// Rip only the first this many sectors.
    pub sectors: Option<u32>,
}

/// `cdromctl rip`.
pub fn run_rip(s: &Session<'_>, out: Out, opts: &RipOptions<'_>) -> Result<Ripped, Error> {
    let (r, text, json) = rip(s, !out.json, opts)?;
    out.emit(&text, &json);
    Ok(r)
}

/// Rips as `o` says; returns what was done with its human and JSON forms.
pub fn rip(
    s: &Session<'_>,
    show_progress: bool,
    opts: &RipOptions<'_>,
) -> Result<(Ripped, String, serde_json::Value), Error> {
    let toc = toc::read(s)?;
    let t = toc
        .track(opts.track)
        .ok_or_else(|| usage(format!("the disc has no track {}", opts.track)))?;
    if t.is_data() {
        return Err(usage(format!(
            "track {} is a data track: rip reads audio (use raw-read for data)",
            opts.track
        )));
    }
    let start = t.lba;
    let mut end = toc.end_of(opts.track).unwrap_or(start);
    if let Some(n) = opts.sectors {
        end = end.min(start.saturating_add(n));
    }
    let bar = progress_bar(end - start, show_progress);
    let began = Instant::now();
    let r = rip_range(
        opts.out,
        start,
        end,
        opts.chunk,
        opts.retries,
        &bar,
        |lba, count| raw_read(s, lba, count, TrackModeType::CDDA),
    );
    bar.finish_and_clear();
    let r = r?;
    let elapsed = began.elapsed();
    let x = speed(r.sectors, elapsed);
    let text = format!(
        "  track {} (LBA {start}, {} sectors, {}) → {}\n  {} bytes of PCM, CRC-32 {:08x}, {} retries, {:.2} s at {x:.1}×; final check passed\n",
        opts.track,
        r.sectors,
        render::duration(r.sectors),
        opts.out.display(),
        r.bytes,
        r.crc32,
        r.retries,
        elapsed.as_secs_f64()
    );
    let json = json!({
        "track": opts.track, "lba": start, "sectors": r.sectors, "bytes": r.bytes,
        "file": opts.out.display().to_string(), "crc32": format!("{:08x}", r.crc32),
        "retries": r.retries, "seconds": elapsed.as_secs_f64(), "speed": x,
        "checked": true,
    });
    Ok((r, text, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_string() {
        assert_eq!(crc32(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(crc32(0, b"1234"), b"56789"), 0xCBF4_3926);
    }

    #[test]
    fn modes_by_either_name() {
        assert_eq!(parse_mode("cdda").unwrap(), TrackModeType::CDDA);
        assert_eq!(
            parse_mode("RawWithC2AndSubCode").unwrap(),
            TrackModeType::RAW_WITH_C2_AND_SUB_CODE
        );
        assert_eq!(
            parse_mode("raw-sub").unwrap(),
            TrackModeType::RAW_WITH_SUB_CODE
        );
        assert_eq!(parse_mode("mp3").unwrap_err().exit_code(), 2);
    }

    fn pcm(lba: u32, count: u32) -> Vec<u8> {
        (0..count as usize * AUDIO_SECTOR)
            .map(|i| (lba as usize * 7 + i) as u8)
            .collect()
    }

    #[test]
    fn a_failed_chunk_is_retried_and_the_file_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let mut calls = Vec::new();
        let r = rip_range(&path, 10, 20, 4, 2, &ProgressBar::hidden(), |lba, count| {
            calls.push((lba, count));
            if calls.len() == 2 {
                Err(internal("injected"))
            } else {
                Ok(pcm(lba, count))
            }
        })
        .unwrap();
        assert_eq!(calls, [(10, 4), (14, 4), (14, 4), (18, 2)]);
        assert_eq!((r.sectors, r.bytes, r.retries), (10, 10 * 2352, 1));
        let expected: Vec<u8> = [(10, 4), (14, 4), (18, 2)]
            .iter()
            .flat_map(|&(l, c)| pcm(l, c))
            .collect();
        assert_eq!(r.crc32, crc32(0, &expected));
    }

    #[test]
    fn a_chunk_failing_every_retry_fails_the_rip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let mut calls = 0;
        let r = rip_range(&path, 0, 8, 4, 2, &ProgressBar::hidden(), |_, _| {
            calls += 1;
            Err(internal("always"))
        });
        assert_eq!(r.unwrap_err().exit_code(), 3);
        assert_eq!(calls, 3);
    }

    #[test]
    fn a_short_chunk_counts_as_failed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let r = rip_range(&path, 0, 2, 2, 0, &ProgressBar::hidden(), |_, _| {
            Ok(vec![0; 100])
        });
        assert!(r
            .unwrap_err()
            .to_string()
            .contains("100 bytes read, 4704 expected"));
    }

    #[test]
    fn speed_is_in_multiples_of_75_sectors_per_second() {
        assert!((speed(150, Duration::from_secs(1)) - 2.0).abs() < 1e-9);
    }
}
