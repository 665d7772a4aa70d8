import { defineMessages } from '../shared/i18n/i18n.js';

export const signInMessages = defineMessages(
  {
    title: 'Đăng nhập',
    intro: 'Dành cho điện thoại viên, giám sát viên, quản trị và cán bộ đơn vị.',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
    required: 'Hãy nhập tên đăng nhập và mật khẩu',
  },
  {
    title: 'Sign in',
    intro: 'For operators, supervisors, administrators and agency officers.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    required: 'Enter your username and password',
  },
);
