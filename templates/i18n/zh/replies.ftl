# 下一步操作（团队语言 --lang）与给客户的建议回复（客户语言 --reply-lang），每种情况一对。
# 变量：$case_id $customer $platform $deadline $first_response_due $resolution_due
# $assignee $column。$customer 只能用在 reply-* 中：下一步操作也会显示在终端里。

action-fix_data = 更正数据：{ $column } 列（见问题清单表）
action-video_required = 请客户提供瑕疵视频
reply-video_required = { $customer }您好，感谢您反馈订单问题（售后单号 { $case_id }）。{ $platform } 受理质量问题需要一段能看清瑕疵的视频，麻烦您拍摄后发给我们，我们会第一时间提交给 { $platform }。
action-packaging_photos = 请客户提供原包装照片
reply-packaging_photos = { $customer }您好，{ $platform } 退换货需要商品原包装。麻烦您拍几张包装（外盒、吊牌、标签）的照片发给我们（售后单号 { $case_id }）。
action-window_expired = 向客户说明 { $platform } 售后时限：申请晚于 { $deadline }
reply-window_expired = { $customer }您好，很抱歉，{ $platform } 对该商品的售后申请截止到 { $deadline }，您的申请（售后单号 { $case_id }）已超过期限，不在平台标准政策范围内。我们会再与 { $platform } 沟通是否还有处理办法，并尽快回复您。
action-refund_partial = 向客户说明 { $platform } 已使用商品只能部分退款
reply-refund_partial = { $customer }您好，{ $platform } 对已使用的商品只支持部分退款，无法全额退款。售后单 { $case_id } 我们可以为您办理部分退款，请问您是否同意？
action-overdue = 解决或升级：自 { $resolution_due } 起已逾期
reply-overdue = { $customer }您好，很抱歉售后单 { $case_id } 的处理超出了承诺时间。我们已加急处理，会在一个工作日内告知您最新进展。
action-first_response = 回复客户（首次响应截止 { $first_response_due }）
reply-first_response = { $customer }您好，感谢您的联系。您的售后申请已登记，售后单号 { $case_id }，我们会在 { $resolution_due } 前给您答复。
action-due_soon = 请在 { $resolution_due } 前解决（即将到期）
reply-due_soon = { $customer }您好，售后单 { $case_id } 正在处理中，我们预计在 { $resolution_due } 前给您答复。
action-return_visit = 回访：请客户评分
reply-return_visit = { $customer }您好，售后单 { $case_id } 已处理完毕。请问您对本次处理满意吗？请给我们打 1（很不满意）到 5（非常满意）分，感谢您的反馈！
action-in_progress = 跟进处理：请在 { $resolution_due } 前解决
