import type { IvrMenuDefinition } from './types.js';

/**
 * The fields (lĩnh vực) the default menu hands callers to, with their Vietnamese names. The seed creates fields
 * with these codes; the admin API refuses a menu that enqueues to a field code that does not exist.
 */
export const defaultIvrFieldCodes = {
  'y-te': 'Y tế, dịch bệnh',
  'an-sinh-xa-hoi': 'An sinh xã hội',
  'thu-tuc-hanh-chinh': 'Thủ tục hành chính, tình trạng hồ sơ',
  'ha-tang': 'Sự cố hạ tầng (điện, nước, giao thông)',
  khac: 'Lĩnh vực khác',
} as const satisfies Record<string, string>;

export type DefaultIvrFieldCode = keyof typeof defaultIvrFieldCodes;

/** The code of the default menu row in ivr_menus. */
export const defaultIvrMenuCode = 'mac-dinh';
export const defaultIvrMenuName = 'Kịch bản IVR mặc định 1022';

/**
 * Prompt names are `vi/` + the names of scripts/prompts.vi.tsv (the files prompts/vi/<name>.wav, mounted at
 * /var/lib/asterisk/sounds/vi), so they play whatever the channel's language.
 */
export const defaultIvrPrompts = {
  greeting: 'vi/greeting',
  recordingNotice: 'vi/recording-notice',
  mainMenu: 'vi/main-menu',
  emergencyNotice: 'vi/emergency-notice',
  invalid: 'vi/invalid-input',
  timeout: 'vi/no-input',
} as const;

const field = (fieldCode: DefaultIvrFieldCode, priority = 0) => ({ type: 'enqueue', fieldCode, priority }) as const;

/**
 * The default menu of a province (R3): greeting and recording notice, then the main menu of fields. Short and
 * interruptible (issue 11 item 3: a real run made callers wait 44 s): greeting and notice together last under 8 s,
 * the menu under 15 s with its options in the order callers use them, and a digit interrupts every prompt — pressed
 * during the greeting it is the menu's choice at once. Urgent health goes first in the queue; 5 tells callers where emergencies (113, 114, 115) and formal complaints belong, then
 * returns to the menu; a caller who cannot use the menu reaches an operator anyway.
 */
export const defaultIvrMenu: IvrMenuDefinition = {
  start: 'greeting',
  nodes: {
    greeting: {
      kind: 'announcement',
      prompts: [defaultIvrPrompts.greeting, defaultIvrPrompts.recordingNotice],
      // A digit ends the greeting and is the main menu's choice at once: urgent health "1" from the first second.
      bargeIn: true,
      next: { type: 'goto', node: 'main' },
    },
    main: {
      kind: 'menu',
      prompts: [defaultIvrPrompts.mainMenu],
      options: {
        '1': field('y-te', 10),
        '2': field('an-sinh-xa-hoi'),
        '3': field('thu-tuc-hanh-chinh'),
        '4': field('ha-tang'),
        '5': { type: 'goto', node: 'emergency' },
        '8': { type: 'callback' },
        '9': field('khac'),
      },
      timeoutSeconds: 6,
      maxRetries: 2,
      invalidPrompt: defaultIvrPrompts.invalid,
      timeoutPrompt: defaultIvrPrompts.timeout,
      repeatKey: '*',
      backKey: '0',
      onExhausted: { type: 'enqueue', fieldCode: null, priority: 0 },
    },
    emergency: {
      kind: 'announcement',
      prompts: [defaultIvrPrompts.emergencyNotice],
      bargeIn: true,
      next: { type: 'goto', node: 'main' },
    },
  },
};
