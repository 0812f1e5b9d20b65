# A promotion created in the console, with its TEST_ code for the review period.
variable "promotion_code" {
  type = string
}

data "appsintoss_promotion" "attendance" {
  promotion_code = var.promotion_code
}

output "promotion_code_to_grant_with" {
  value = data.appsintoss_promotion.attendance.status == "RUNNING" ? data.appsintoss_promotion.attendance.promotion_code : data.appsintoss_promotion.attendance.test_promotion_code
}
