# Reconcile a Toss Pay order: its status, amounts and PAY/REFUND transactions.
variable "buyer_user_key" {
  type = number
}

data "appsintoss_payment" "order" {
  order_no        = "order-20250417-2"
  user_key        = var.buyer_user_key
  is_test_payment = true # a sandbox payment
}

output "payment_status" {
  value = data.appsintoss_payment.order.pay_status # e.g. PAY_COMPLETE
}

output "payment_refundable_amount" {
  value = data.appsintoss_payment.order.refundable_amount
}
