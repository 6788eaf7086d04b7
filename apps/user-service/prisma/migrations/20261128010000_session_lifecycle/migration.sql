-- AlterTable
ALTER TABLE "User" ADD COLUMN     "authzVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "minSessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SessionSync" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SessionSync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SessionSync_userId_idx" ON "SessionSync"("userId");
