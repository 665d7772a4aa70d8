import { PublishAnswers } from '../../admin/publication/PublishAnswers.js';
import '../../admin/admin.css';

/**
 * Công khai (R17) in the supervisor desk: the admin console's self-contained publishing component, supervisors being
 * publishers too (the publication routes allow supervisor and admin).
 */
export function PublishPage() {
  return (
    <div className="sup-page">
      <PublishAnswers />
    </div>
  );
}
