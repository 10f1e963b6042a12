// The UI needs no camera, microphone, location, notification, clipboard-read or device (USB, HID, serial)
// access: every request and every check is answered no, whatever the page or origin.
import type { Session } from 'electron';

export function denyAllPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Checks are synchronous questions (navigator.permissions.query, some APIs before they ask): also no.
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
