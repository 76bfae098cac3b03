import type { IScannerControls } from '@zxing/browser';

/**
 * The camera path of the scan: a maintained decoder (@zxing/browser, QR only) reads frames of
 * the video element until a code is found. The back camera is preferred: by its label where a
 * device lists several cameras, otherwise by `facingMode: environment` (phones and tablets).
 */
export interface CameraScan {
  stop(): void;
}

const BACK = /back|rear|environment|后置|后摄/i;

/** The camera to use among several: one whose label says it faces away from the user, if any. */
export function pickBackCamera(devices: Pick<MediaDeviceInfo, 'deviceId' | 'label' | 'kind'>[]): string | undefined {
  const cams = devices.filter((d) => d.kind === 'videoinput');
  if (cams.length < 2) return undefined;
  return cams.find((d) => BACK.test(d.label))?.deviceId;
}

export function cameraConstraints(deviceId: string | undefined): MediaStreamConstraints {
  return {
    audio: false,
    video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  };
}

export async function startCamera(video: HTMLVideoElement, onCode: (text: string) => void): Promise<CameraScan> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('此浏览器不能使用摄像头，请用扫码枪或粘贴医保码');
  const { BrowserQRCodeReader } = await import('@zxing/browser');
  let deviceId: string | undefined;
  try {
    deviceId = pickBackCamera(await navigator.mediaDevices.enumerateDevices());
  } catch {
    deviceId = undefined;
  }
  const reader = new BrowserQRCodeReader(undefined, { delayBetweenScanAttempts: 150, delayBetweenScanSuccess: 1000 });
  let done = false;
  let controls: IScannerControls | undefined;
  controls = await reader.decodeFromConstraints(cameraConstraints(deviceId), video, (result) => {
    if (!result || done) return;
    done = true;
    controls?.stop();
    onCode(result.getText());
  });
  if (done) controls.stop();
  return { stop: () => controls?.stop() };
}
