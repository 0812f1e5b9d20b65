# A daily attendance reward in Toss points. Services grant with promotion_code once the promotion
# runs, and with test_promotion_code (no budget, no real points) while it is in review.
resource "appsintoss_promotion" "attendance" {
  name                        = "매일 출석 체크"
  mission_name                = "출석체크하기"
  landing_url                 = "intoss://demo-app/attendance"
  total_budget                = 1000000 # points, paid from the workspace's 비즈 월렛
  max_amount_per_user_per_day = 100
  grant_type                  = "FIXED"
  amount                      = 10

  # Start granting once Apps in Toss approves it. wait_for_review makes apply wait for the
  # approval and start it at once; without it, a later apply starts it.
  enabled         = true
  wait_for_review = true
  timeouts {
    create = "72h"
    update = "72h"
  }

  # A rejection or a review still pending after 72h is only a warning. This makes the run fail
  # instead, without replacing the promotion: fix the configuration and apply again.
  lifecycle {
    postcondition {
      condition     = self.review_status == "APPROVED"
      error_message = "Apps in Toss has not approved the promotion (${self.review_status}): ${coalesce(self.review_comment, "no comment yet")}"
    }
  }
}

output "attendance_promotion_code" {
  value = appsintoss_promotion.attendance.promotion_code
}

output "attendance_test_promotion_code" {
  value = appsintoss_promotion.attendance.test_promotion_code
}
