// The part of luxon (cron-parser's date library, without bundled types) that lvmsnapper uses.
declare module 'luxon' {
  export const Settings: {
    /** The locale of DateTimes made without one; when unset, luxon asks Intl for the system's. */
    defaultLocale: string;
  };
}
